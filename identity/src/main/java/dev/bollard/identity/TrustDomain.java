package dev.bollard.identity;

import java.util.Objects;

/**
 * A SPIFFE trust domain such as {@code cluster.local}: lowercase letters, digits, dots, dashes and
 * underscores only (the SPIFFE ID spec, as java-spiffe and go-spiffe enforce it).
 */
public record TrustDomain(String name) {
    private static final int MAX_LENGTH = 255;

    public TrustDomain {
        Objects.requireNonNull(name, "trust domain");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("trust domain: is empty");
        }
        if (name.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("trust domain: longer than " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == ':') {
                throw new IllegalArgumentException("trust domain: port is not allowed in '" + name + "'");
            }
            if (c == '@') {
                throw new IllegalArgumentException("trust domain: user info is not allowed in '" + name + "'");
            }
            if (!isTrustDomainChar(c)) {
                throw new IllegalArgumentException("trust domain: character '" + c + "' in '" + name
                        + "' is not allowed; use lowercase letters, digits, '.', '-' and '_'");
            }
        }
    }

    /** Accepts a bare name ({@code cluster.local}) or the trust domain's own ID ({@code spiffe://cluster.local}). */
    public static TrustDomain parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("trust domain: is empty");
        }
        if (text.startsWith(SpiffeId.SCHEME)) {
            return SpiffeId.parse(text).trustDomain();
        }
        return new TrustDomain(text);
    }

    private static boolean isTrustDomainChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
    }

    @Override
    public String toString() {
        return name;
    }
}
