package dev.bollard.webhook.serving;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

import dev.bollard.identity.Pem;


/**
 * A serving key (PKCS#8 or SEC1 PEM) with its certificate chain (PEM, leaf first). The
 * constructor parses both, so a pair that exists is one the listener can load.
 */
public record ServingPair(String keyPem, String chainPem) {
    private static final int DNS_NAME = 2;

    public ServingPair {
        if (keyPem == null || keyPem.isBlank()) {
            throw new IllegalArgumentException("serving certificate: private key PEM is empty");
        }
        if (chainPem == null || chainPem.isBlank()) {
            throw new IllegalArgumentException("serving certificate: certificate chain PEM is empty");
        }
        Pem.privateKey(keyPem, "serving private key");
        Pem.certificates(chainPem, "serving certificate chain");
    }

    public X509Certificate leaf() {
        return Pem.certificates(chainPem, "serving certificate chain").get(0);
    }

    public Instant notBefore() {
        return leaf().getNotBefore().toInstant();
    }

    public Instant notAfter() {
        return leaf().getNotAfter().toInstant();
    }

    /** DNS names of the leaf, for logs and tests. */
    public List<String> dnsNames() {
        return dnsNamesOf(leaf());
    }

    static List<String> dnsNamesOf(X509Certificate leaf) {
        try {
            Collection<List<?>> sans = leaf.getSubjectAlternativeNames();
            return sans == null ? List.of()
                    : sans.stream().filter(san -> (Integer) san.get(0) == DNS_NAME).map(san -> (String) san.get(1)).toList();
        } catch (CertificateParsingException e) {
            throw new IllegalArgumentException("certificate SANs are unreadable: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        // never print the key
        return "ServingPair[dnsNames=" + dnsNames() + ", notAfter=" + notAfter() + "]";
    }
}
