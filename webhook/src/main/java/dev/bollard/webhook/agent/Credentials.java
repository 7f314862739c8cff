package dev.bollard.webhook.agent;

import java.security.PrivateKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A verified workload identity: our private key, the chain for it (leaf first, then intermediates,
 * never the root) and the root that chain ends at.
 */
record Credentials(PrivateKey key, List<X509Certificate> chain, X509Certificate root) {
    private static final int SAN_URI = 6;

    Credentials {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(root, "root");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("credentials need at least the leaf certificate");
        }
    }

    X509Certificate leaf() {
        return chain.get(0);
    }

    Instant notBefore() {
        return leaf().getNotBefore().toInstant();
    }

    Instant notAfter() {
        return leaf().getNotAfter().toInstant();
    }

    /** Serial in hex, as {@code openssl x509 -serial} prints it. */
    String serial() {
        return leaf().getSerialNumber().toString(16).toUpperCase(Locale.ROOT);
    }

    /** The first URI SAN (the SPIFFE ID for Bollard-issued leaves), for log lines. */
    Optional<String> uriSan() {
        try {
            Collection<List<?>> names = leaf().getSubjectAlternativeNames();
            if (names == null) {
                return Optional.empty();
            }
            return names.stream().filter(n -> Integer.valueOf(SAN_URI).equals(n.get(0)))
                    .map(n -> String.valueOf(n.get(1))).findFirst();
        } catch (CertificateParsingException e) {
            return Optional.empty();
        }
    }

    /** "spiffe://... serial 1A2B valid until 2026-11-26T20:00:00Z", for the one line each issuance logs. */
    String summary() {
        return uriSan().orElse("(no URI SAN)") + " serial " + serial() + " valid until " + notAfter();
    }

    @Override
    public String toString() {
        // the key must never reach a log line, and records print their components
        return "Credentials[" + summary() + "]";
    }
}
