package dev.bollard.proxy.cert;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.bollard.identity.CertificateChains;
import dev.bollard.identity.Pem;

/**
 * Checks a CA answer before anything is used or written: the leaf certifies our key, is not a CA,
 * and the chain validates (PKIX, {@link CertificateChains}) up to a root that {@code --root-cert}
 * already trusts. A CA that could hand out any root could take over the mesh's trust, so its
 * answer is not the authority on which root to trust.
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
        CertificateChains.requireEndEntity(leaf);
        // only rootCert as the anchor: the chain must end at the root the CA named, not any trusted one
        CertificateChains.verify(chain, List.of(root), now);
        return new Credentials(ours.getPrivate(), chain, root);
    }
}
