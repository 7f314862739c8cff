package dev.bollard.webhook.ca.auth;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;

/**
 * When a reviewed token stops being valid, so that a cached "authenticated" never outlives it:
 * {@code status.expirationTimestamp} when the API server sends one, else the token's own
 * {@code exp} claim. The claim is read without checking the signature; that is safe because it
 * can only shorten how long the API server's verdict is reused, never extend it.
 */
final class TokenExpiry {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TokenExpiry() {
    }

    static Optional<Instant> of(String token, TokenReviewStatus status) {
        return fromStatus(status).or(() -> fromClaims(token));
    }

    private static Optional<Instant> fromStatus(TokenReviewStatus status) {
        Object value = status.getAdditionalProperties().get("expirationTimestamp");
        if (!(value instanceof String text)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The {@code exp} claim of a JWT ({@code header.payload.signature}), if the token is one. */
    static Optional<Instant> fromClaims(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            JsonNode claims = JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            JsonNode exp = claims == null ? null : claims.get("exp");
            return exp != null && exp.canConvertToLong() ? Optional.of(Instant.ofEpochSecond(exp.asLong())) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty(); // not a JWT we can read: the configured TTL alone bounds the cache
        }
    }
}
