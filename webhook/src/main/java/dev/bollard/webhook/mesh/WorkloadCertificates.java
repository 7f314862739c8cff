package dev.bollard.webhook.mesh;

import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertStore;
import java.security.cert.CertificateParsingException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.bollard.identity.SpiffeId;

/**
 * Checks a TLS client's chain against the workload CA's current roots (PKIX, no revocation: workload
 * certificates live hours, not years) and returns the SPIFFE ID of its one {@code spiffe://} URI
 * SAN. Every failure is a {@link FeedRefusal} 401 saying what was wrong. Pure: the roots and the
 * time are arguments, so a rotated root takes effect on the next connection.
 */
public final class WorkloadCertificates {
    private static final int URI_SAN = 6;
    private static final String CLIENT_AUTH_EKU = "1.3.6.1.5.5.7.3.2";

    private WorkloadCertificates() {
    }

    public static SpiffeId verify(List<X509Certificate> chain, Collection<X509Certificate> roots, Date now) {
        return verify(chain, roots, List.of(), now);
    }

    /**
     * As {@link #verify(List, Collection, Date)}, building the path from the leaf up through the
     * certificates the client sent and the CA's own {@code intermediates} (a plug-in CA signs with an
     * intermediate; a client that sends only its leaf is still the CA's), in any order.
     */
    public static SpiffeId verify(List<X509Certificate> chain, Collection<X509Certificate> roots,
            Collection<X509Certificate> intermediates, Date now) {
        if (chain.isEmpty()) {
            throw FeedRefusal.unauthenticated("no client certificate: present the workload certificate the CA issued");
        }
        if (roots.isEmpty()) {
            throw FeedRefusal.unauthenticated("the workload CA is not loaded yet; cannot check client certificates");
        }
        validatePath(chain, roots, intermediates, now);
        X509Certificate leaf = chain.get(0);
        requireClientAuth(leaf);
        return spiffeId(leaf);
    }

    private static void validatePath(List<X509Certificate> chain, Collection<X509Certificate> roots,
            Collection<X509Certificate> intermediates, Date now) {
        Set<TrustAnchor> anchors = new HashSet<>();
        roots.forEach(root -> anchors.add(new TrustAnchor(root, null)));
        // the path is built, not taken as sent: from the leaf through the certificates the client sent
        // and the CA's intermediates up to a root; a root among them is only ever an anchor
        X509Certificate leaf = chain.get(0);
        List<X509Certificate> candidates = new ArrayList<>(chain);
        candidates.addAll(intermediates);
        try {
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(leaf);
            PKIXBuilderParameters parameters = new PKIXBuilderParameters(anchors, target);
            parameters.setRevocationEnabled(false);
            parameters.setDate(now);
            parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(candidates)));
            CertPathBuilder.getInstance("PKIX").build(parameters);
        } catch (CertPathBuilderException e) {
            throw FeedRefusal.unauthenticated("client certificate " + leaf.getSubjectX500Principal()
                    + " is not issued by the workload CA: " + e.getMessage());
        } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
            throw FeedRefusal.unauthenticated("client certificate chain cannot be checked: " + e.getMessage());
        }
    }

    private static void requireClientAuth(X509Certificate leaf) {
        try {
            List<String> ekus = leaf.getExtendedKeyUsage();
            if (ekus != null && !ekus.contains(CLIENT_AUTH_EKU)) {
                throw FeedRefusal.unauthenticated("client certificate is not valid for TLS client authentication (extendedKeyUsage)");
            }
        } catch (CertificateParsingException e) {
            throw FeedRefusal.unauthenticated("client certificate extendedKeyUsage cannot be read: " + e.getMessage());
        }
    }

    private static SpiffeId spiffeId(X509Certificate leaf) {
        List<String> ids = new ArrayList<>();
        try {
            Collection<List<?>> sans = leaf.getSubjectAlternativeNames();
            for (List<?> san : sans == null ? List.<List<?>>of() : sans) {
                if (((Integer) san.get(0)) == URI_SAN && String.valueOf(san.get(1)).startsWith(SpiffeId.SCHEME)) {
                    ids.add(String.valueOf(san.get(1)));
                }
            }
        } catch (CertificateParsingException e) {
            throw FeedRefusal.unauthenticated("client certificate SANs cannot be read: " + e.getMessage());
        }
        if (ids.size() != 1) {
            throw FeedRefusal.unauthenticated("client certificate must carry exactly one spiffe:// URI SAN, found " + ids.size());
        }
        try {
            return SpiffeId.parse(ids.get(0));
        } catch (IllegalArgumentException e) {
            throw FeedRefusal.unauthenticated("client certificate identity: " + e.getMessage());
        }
    }
}
