package dev.bollard.webhook.ops;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * A serving key (PKCS#8 or SEC1 PEM) with its certificate chain (PEM, leaf first). The
 * constructor parses both, so a pair that exists is one the listener can load.
 */
public record ServingPair(String keyPem, String chainPem) {
    public ServingPair {
        if (keyPem == null || keyPem.isBlank()) {
            throw new IllegalArgumentException("serving certificate: private key PEM is empty");
        }
        if (chainPem == null || chainPem.isBlank()) {
            throw new IllegalArgumentException("serving certificate: certificate chain PEM is empty");
        }
        PemCertificates.privateKey(keyPem);
        PemCertificates.certificates(chainPem);
    }

    public X509Certificate leaf() {
        return PemCertificates.certificates(chainPem).get(0);
    }

    public Instant notBefore() {
        return leaf().getNotBefore().toInstant();
    }

    public Instant notAfter() {
        return leaf().getNotAfter().toInstant();
    }

    /** DNS names of the leaf, for logs and tests. */
    public List<String> dnsNames() {
        return PemCertificates.dnsNames(leaf());
    }

    @Override
    public String toString() {
        // never print the key
        return "ServingPair[dnsNames=" + dnsNames() + ", notAfter=" + notAfter() + "]";
    }
}
