package dev.bollard.proxy.cert;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import dev.bollard.identity.CertificateIdentity;

/**
 * A verified workload identity: our private key, the chain for it (leaf first, then intermediates,
 * never the root) and the root that chain ends at. Only {@link ChainVerifier} makes one from a CA
 * answer, so holding one means every check passed.
 */
public record Credentials(PrivateKey key, List<X509Certificate> chain, X509Certificate root) {
    public Credentials {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(root, "root");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("credentials need at least the leaf certificate");
        }
    }

    public X509Certificate leaf() {
        return chain.get(0);
    }

    public Instant notBefore() {
        return leaf().getNotBefore().toInstant();
    }

    public Instant notAfter() {
        return leaf().getNotAfter().toInstant();
    }

    /** True while {@code now} is inside the leaf's validity window. */
    public boolean validAt(Instant now) {
        return !now.isBefore(notBefore()) && now.isBefore(notAfter());
    }

    /** Serial in hex, as {@code openssl x509 -serial} prints it. */
    public String serial() {
        return leaf().getSerialNumber().toString(16).toUpperCase(Locale.ROOT);
    }

    /** The first URI SAN (the SPIFFE ID for Bollard-issued leaves), for log lines. */
    public Optional<String> uriSan() {
        try {
            return CertificateIdentity.uriSans(leaf()).stream().findFirst();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** "spiffe://... serial 1A2B valid until 2026-11-26T20:00:00Z", for the one line each issuance logs. */
    public String summary() {
        return uriSan().orElse("(no URI SAN)") + " serial " + serial() + " valid until " + notAfter();
    }

    @Override
    public String toString() {
        // the key must never reach a log line, and records print their components
        return "Credentials[" + summary() + "]";
    }
}
