package dev.bollard.proxy.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One HTTP/1.x message head, request or response, as the bytes said it (pure): the start line's
 * three parts and the header fields in arrival order, names as sent. The proxy never re-encodes a
 * head; this is only what it decides on.
 *
 * @param first  method (request) or {@code HTTP/1.x} (response)
 * @param second request target, or the status code
 * @param third  {@code HTTP/1.x} (request), or the reason phrase (may be empty)
 * @param minor  the HTTP/1 minor version, 0 or 1
 * @param length bytes of the head, blank line included
 */
public record HttpHead(String first, String second, String third, int minor, List<Header> headers, int length) {
    public record Header(String name, String value) {
    }

    public HttpHead {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(second, "second");
        Objects.requireNonNull(third, "third");
        headers = List.copyOf(headers);
    }

    /** Every value of a header, case-insensitively by name. */
    public List<String> values(String name) {
        // asked several times per message (host, connection, framing), mostly for a header that is
        // absent or there once: no list is allocated until a second value turns up
        String first = null;
        List<String> more = null;
        for (Header h : headers) {
            if (h.name().equalsIgnoreCase(name)) {
                if (first == null) {
                    first = h.value();
                } else {
                    if (more == null) {
                        more = new ArrayList<>(4);
                        more.add(first);
                    }
                    more.add(h.value());
                }
            }
        }
        // unmodifiable whichever way it was found, like the List.of answers
        return more != null ? Collections.unmodifiableList(more) : first != null ? List.of(first) : List.of();
    }

    public Optional<String> value(String name) {
        for (Header h : headers) {
            if (h.name().equalsIgnoreCase(name)) {
                return Optional.of(h.value());
            }
        }
        return Optional.empty();
    }

    /** The comma-separated tokens of every instance of a list header, lower-cased. */
    public List<String> tokens(String name) {
        List<String> values = values(name);
        if (values.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String v : values) {
            for (String t : v.split(",")) {
                String token = t.trim().toLowerCase(Locale.ROOT);
                if (!token.isEmpty()) {
                    out.add(token);
                }
            }
        }
        return out;
    }

    /** Lower-case names to values in arrival order, as AuthorizationPolicy's {@code request.headers} reads them. */
    public Map<String, List<String>> headerMap() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Header h : headers) {
            out.computeIfAbsent(h.name().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(h.value());
        }
        out.replaceAll((k, v) -> List.copyOf(v));
        return out;
    }

    /** A response's status code (valid after {@link HttpHeads#response}). */
    public int status() {
        return Integer.parseInt(second);
    }

    /**
     * Persistent after this message, as RFC 9112 section 9.3 says: HTTP/1.1 unless
     * {@code Connection: close}, HTTP/1.0 only with {@code Connection: keep-alive}.
     */
    public boolean keepAlive() {
        List<String> connection = tokens("connection");
        if (connection.contains("close")) {
            return false;
        }
        return minor >= 1 || connection.contains("keep-alive");
    }
}
