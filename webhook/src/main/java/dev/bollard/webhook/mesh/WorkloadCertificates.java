package dev.bollard.webhook.mesh;

import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
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
        if (chain.isEmpty()) {
            throw FeedRefusal.unauthenticated("no client certificate: present the workload certificate the CA issued");
        }
        if (roots.isEmpty()) {
            throw FeedRefusal.unauthenticated("the workload CA is not loaded yet; cannot check client certificates");
        }
        validatePath(chain, roots, now);
        X509Certificate leaf = chain.get(0);
        requireClientAuth(leaf);
        return spiffeId(leaf);
    }

    private static void validatePath(List<X509Certificate> chain, Collection<X509Certificate> roots, Date now) {
        Set<TrustAnchor> anchors = new HashSet<>();
        roots.forEach(root -> anchors.add(new TrustAnchor(root, null)));
        // a chain may end with the root itself; the path stops below the anchor
        List<X509Certificate> path = new ArrayList<>(chain);
        path.removeIf(cert -> roots.contains(cert) && cert != chain.get(0));
        try {
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false);
            parameters.setDate(now);
            CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
        } catch (CertPathValidatorException e) {
            throw FeedRefusal.unauthenticated("client certificate " + chain.get(0).getSubjectX500Principal()
                    + " is not issued by the workload CA: " + e.getMessage());
        } catch (java.security.GeneralSecurityException e) {
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
