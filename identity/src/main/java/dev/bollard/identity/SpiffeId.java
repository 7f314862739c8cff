package dev.bollard.identity;

import java.util.Objects;
import java.util.Optional;

/**
 * A SPIFFE ID, {@code spiffe://<trust domain><path>}, validated as the SPIFFE spec (and java-spiffe)
 * does: lowercase scheme, no port, user info, query or fragment, path segments of letters, digits,
 * '.', '-' and '_' that are neither empty nor dot segments. Workloads here use the Istio form
 * {@code spiffe://<td>/ns/<namespace>/sa/<serviceaccount>}.
 */
public record SpiffeId(TrustDomain trustDomain, String path) {
    public static final String SCHEME = "spiffe://";
    private static final int MAX_LENGTH = 2048;

    public SpiffeId {
        Objects.requireNonNull(trustDomain, "trust domain");
        Objects.requireNonNull(path, "path");
        validatePath(path);
    }

    public static SpiffeId parse(String id) {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("SPIFFE ID: is empty");
        }
        if (id.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("SPIFFE ID: longer than " + MAX_LENGTH + " characters");
        }
        if (!id.startsWith(SCHEME)) {
            throw new IllegalArgumentException("SPIFFE ID: scheme is missing or invalid in '" + id + "'; expected spiffe://");
        }
        if (id.indexOf('?') >= 0) {
            throw new IllegalArgumentException("SPIFFE ID: query is not allowed in '" + id + "'");
        }
        if (id.indexOf('#') >= 0) {
            throw new IllegalArgumentException("SPIFFE ID: fragment is not allowed in '" + id + "'");
        }
        String rest = id.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        String domain = slash < 0 ? rest : rest.substring(0, slash);
        if (domain.isEmpty()) {
            throw new IllegalArgumentException("SPIFFE ID: trust domain is missing in '" + id + "'");
        }
        try {
            return new SpiffeId(new TrustDomain(domain), slash < 0 ? "" : rest.substring(slash));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("SPIFFE ID '" + id + "': " + e.getMessage(), e);
        }
    }

    /** {@code spiffe://<td>/ns/<namespace>/sa/<serviceaccount>}, the identity Istio gives a ServiceAccount. */
    public static SpiffeId forServiceAccount(TrustDomain trustDomain, String namespace, String serviceAccount) {
        requireName("namespace", namespace);
        requireName("service account", serviceAccount);
        return new SpiffeId(trustDomain, "/ns/" + namespace + "/sa/" + serviceAccount);
    }

    /** The namespace of a {@code /ns/<ns>/sa/<sa>} ID; empty for other paths. */
    public Optional<String> namespace() {
        String[] parts = path.split("/", -1);
        return parts.length == 5 && parts[1].equals("ns") && parts[3].equals("sa") ? Optional.of(parts[2]) : Optional.empty();
    }

    @Override
    public String toString() {
        return SCHEME + trustDomain.name() + path;
    }

    private static void requireName(String what, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("SPIFFE ID: " + what + " is empty");
        }
    }

    private static void validatePath(String path) {
        if (path.isEmpty()) {
            return;
        }
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("SPIFFE ID: path must start with '/'");
        }
        String[] segments = path.substring(1).split("/", -1);
        for (String segment : segments) {
            if (segment.isEmpty()) {
                throw new IllegalArgumentException("SPIFFE ID: path cannot contain empty segments or a trailing '/'");
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("SPIFFE ID: path cannot contain dot segments");
            }
            for (int i = 0; i < segment.length(); i++) {
                char c = segment.charAt(i);
                if (!isPathChar(c)) {
                    throw new IllegalArgumentException("SPIFFE ID: path character '" + c
                            + "' is not allowed; use letters, digits, '.', '-' and '_'");
                }
            }
        }
    }

    private static boolean isPathChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
    }
}
