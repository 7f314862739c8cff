package dev.bollard.proxy.http;

import java.util.ArrayList;
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
        List<String> out = new ArrayList<>();
        for (Header h : headers) {
            if (h.name().equalsIgnoreCase(name)) {
                out.add(h.value());
            }
        }
        return out;
    }

    public Optional<String> value(String name) {
        List<String> all = values(name);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    /** The comma-separated tokens of every instance of a list header, lower-cased. */
    public List<String> tokens(String name) {
        List<String> out = new ArrayList<>();
        for (String v : values(name)) {
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
