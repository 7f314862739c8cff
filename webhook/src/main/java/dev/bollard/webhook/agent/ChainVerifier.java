package dev.bollard.webhook.agent;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * Checks a CA answer before anything reaches the disk: the leaf certifies our key, is not a CA, and
 * the chain validates (PKIX: signatures, issuer names, CA constraints, validity now) up to a root
 * that {@code --root-cert} already trusts. A CA that could hand out any root could take over the
 * mesh's trust, so its answer is not the authority on which root to trust.
 */
final class ChainVerifier {
    private ChainVerifier() {
    }

    /** @throws IllegalArgumentException naming the first check that failed */
    static Credentials verify(CaResponse response, KeyPair ours, TrustBundle trust, Instant now) {
        List<X509Certificate> chain = new ArrayList<>();
        for (int i = 0; i < response.certChain().size(); i++) {
            chain.add(Pem.certificate(response.certChain().get(i), "certChain[" + i + "]"));
        }
        X509Certificate root = Pem.certificate(response.rootCert(), "rootCert");
        if (!trust.contains(root)) {
            throw new IllegalArgumentException("rootCert " + root.getSubjectX500Principal()
                    + " is not among the roots trusted by --root-cert");
        }
        // some CAs (Istio's among them) end the chain with the root; it belongs in root-cert.pem only
        if (chain.size() > 1 && chain.get(chain.size() - 1).equals(root)) {
            chain.remove(chain.size() - 1);
        }
        X509Certificate leaf = chain.get(0);
        if (!Arrays.equals(leaf.getPublicKey().getEncoded(), ours.getPublic().getEncoded())) {
            throw new IllegalArgumentException("leaf certificate does not certify the key of our CSR");
        }
        if (leaf.getBasicConstraints() >= 0) {
            throw new IllegalArgumentException("leaf certificate is a CA certificate");
        }
        validatePath(chain, root, now);
        return new Credentials(ours.getPrivate(), chain, root);
    }

    private static void validatePath(List<X509Certificate> chain, X509Certificate root, Instant now) {
        try {
            CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(chain);
            PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
            params.setRevocationEnabled(false); // short-lived workload certificates carry no CRL or OCSP
            params.setDate(Date.from(now));
            CertPathValidator.getInstance("PKIX").validate(path, params);
        } catch (CertPathValidatorException e) {
            String where = e.getIndex() >= 0 ? " at certChain[" + e.getIndex() + "]" : "";
            throw new IllegalArgumentException("certificate chain does not verify up to rootCert" + where + ": "
                    + CertificateClient.oneLine(e.getMessage()), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("validate certificate chain", e);
        }
    }
}
