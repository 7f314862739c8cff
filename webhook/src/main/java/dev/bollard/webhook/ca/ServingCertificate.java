package dev.bollard.webhook.ca;

import java.time.Instant;

/**
 * A serving key pair issued by this CA: PKCS#8 key PEM, chain PEM (leaf then intermediates) and
 * the root PEM that clients (e.g. a webhook configuration's caBundle) must trust.
 */
public record ServingCertificate(String keyPem, String chainPem, String rootPem, Instant notAfter) {
    @Override
    public String toString() {
        // never print the key
        return "ServingCertificate[notAfter=" + notAfter + "]";
    }
}
