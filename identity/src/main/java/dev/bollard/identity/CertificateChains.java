package dev.bollard.identity;

import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * PKIX validation of a workload chain (leaf first, then intermediates, without the root) up to
 * one of the mesh roots: signatures, issuer names, CA constraints and every validity window at
 * {@code now}. What the agent checks before it trusts an issuance, the control plane checks of a
 * proxy's client certificate, and the data plane checks of a peer.
 */
public final class CertificateChains {
    private CertificateChains() {
    }

    /**
     * @return the root the chain validated up to
     * @throws IllegalArgumentException naming the first failing certificate as {@code chain[i]}
     */
    public static X509Certificate verify(List<X509Certificate> chain, Collection<X509Certificate> roots, Instant now) {
        if (chain == null || chain.isEmpty()) {
            throw new IllegalArgumentException("certificate chain is empty");
        }
        if (roots == null || roots.isEmpty()) {
            throw new IllegalArgumentException("no trusted root to verify the certificate chain against");
        }
        Set<TrustAnchor> anchors = new LinkedHashSet<>();
        roots.forEach(root -> anchors.add(new TrustAnchor(root, null)));
        try {
            CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(chain);
            PKIXParameters params = new PKIXParameters(anchors);
            params.setRevocationEnabled(false); // short-lived workload certificates carry no CRL or OCSP
            params.setDate(Date.from(now));
            PKIXCertPathValidatorResult result = (PKIXCertPathValidatorResult) CertPathValidator.getInstance("PKIX")
                    .validate(path, params);
            return result.getTrustAnchor().getTrustedCert();
        } catch (CertPathValidatorException e) {
            String where = e.getIndex() >= 0 ? " at chain[" + e.getIndex() + "]" : "";
            throw new IllegalArgumentException("certificate chain does not verify up to a trusted root" + where + ": "
                    + Pem.oneLine(e.getMessage()), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("validate certificate chain", e);
        }
    }

    /** A workload leaf must not be able to sign certificates: refuses basicConstraints CA:true. */
    public static void requireEndEntity(X509Certificate leaf) {
        if (leaf.getBasicConstraints() >= 0) {
            throw new IllegalArgumentException("leaf certificate is a CA certificate");
        }
    }
}
