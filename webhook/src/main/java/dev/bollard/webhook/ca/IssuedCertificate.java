package dev.bollard.webhook.ca;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.cert.X509CertificateHolder;

import dev.bollard.identity.Pem;

/**
 * A signed leaf with what a peer needs to verify it: the CA that signed it, whose intermediates
 * (root excluded) and root go with it. {@code notAfter} is the leaf's, as it was encoded (whole
 * seconds): reading it back from the certificate parses a date string per issuance. {@code leafPem}
 * is the leaf as it was signed, encoded once.
 */
public record IssuedCertificate(X509CertificateHolder leaf, String leafPem, Instant notAfter, SigningCa issuer) {

    /** What goes between the leaf and the root. */
    public List<X509CertificateHolder> intermediates() {
        return issuer.bundle().chainAboveLeaf();
    }

    public X509CertificateHolder root() {
        return issuer.bundle().root();
    }

    /** Leaf first, then the intermediates: the REST API's {@code certChain}. */
    public List<String> chainPems() {
        List<String> chain = new ArrayList<>(issuer.chainAbovePems().size() + 2);
        chain.add(leafPem);
        chain.addAll(issuer.chainAbovePems());
        return chain;
    }

    /** Leaf first and root last, one certificate per element: Istio's {@code cert_chain}. */
    public List<String> chainPemsWithRoot() {
        List<String> chain = chainPems();
        chain.add(rootPem());
        return chain;
    }

    public String rootPem() {
        return issuer.rootPem();
    }

    /** Lowercase hex, as {@code openssl x509 -serial} prints it (modulo case). */
    public String serialHex() {
        return leaf.getSerialNumber().toString(16);
    }
}
