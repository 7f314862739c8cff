package dev.bollard.webhook.ca.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What the TokenReview cache is keyed by: the SHA-256 of the bearer token, so that neither the
 * cache nor a heap dump of it holds a usable credential (Istio's and istio-csr's caches do the same).
 */
record TokenKey(String sha256) {

    static TokenKey of(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return new TokenKey(HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
