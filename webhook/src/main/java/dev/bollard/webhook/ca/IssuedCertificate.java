package dev.bollard.webhook.ca;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.cert.X509CertificateHolder;

import dev.bollard.identity.Pem;

/** A signed leaf with what a peer needs to verify it: intermediates (root excluded) and the root. */
public record IssuedCertificate(X509CertificateHolder leaf, List<X509CertificateHolder> intermediates, X509CertificateHolder root) {

    public IssuedCertificate {
        intermediates = List.copyOf(intermediates);
    }

    /** Leaf first, then the intermediates: the REST API's {@code certChain}. */
    public List<String> chainPems() {
        List<String> chain = new ArrayList<>();
        chain.add(Pem.encode(leaf));
        intermediates.forEach(c -> chain.add(Pem.encode(c)));
        return chain;
    }

    /** Leaf first and root last, one certificate per element: Istio's {@code cert_chain}. */
    public List<String> chainPemsWithRoot() {
        List<String> chain = chainPems();
        chain.add(rootPem());
        return chain;
    }

    public String rootPem() {
        return Pem.encode(root);
    }

    /** Lowercase hex, as {@code openssl x509 -serial} prints it (modulo case). */
    public String serialHex() {
        return leaf.getSerialNumber().toString(16);
    }

    public Instant notAfter() {
        return leaf.getNotAfter().toInstant();
    }
}
