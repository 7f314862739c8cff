package dev.bollard.proxy.http;

import java.util.List;

/**
 * How a message body is delimited (RFC 9112 section 6.3), from its head (pure).
 *
 * @param kind   the delimiting
 * @param length the body's length for {@link Kind#LENGTH}
 */
public record Framing(Kind kind, long length) {
    public enum Kind { NONE, LENGTH, CHUNKED, UNTIL_CLOSE }

    public static final Framing NONE = new Framing(Kind.NONE, 0);
    public static final Framing CHUNKED = new Framing(Kind.CHUNKED, 0);
    public static final Framing UNTIL_CLOSE = new Framing(Kind.UNTIL_CLOSE, 0);

    /**
     * A request's body. Both Transfer-Encoding and Content-Length, a Transfer-Encoding that does not
     * end in chunked, or differing Content-Lengths are refused (400), as Envoy refuses them: each is
     * a way to make two parsers frame the same bytes differently.
     */
    public static Framing request(HttpHead head) throws MalformedHttpException {
        List<String> te = head.tokens("transfer-encoding");
        List<String> cl = head.values("content-length");
        if (!te.isEmpty()) {
            if (!cl.isEmpty()) {
                throw new MalformedHttpException(400, "both Transfer-Encoding and Content-Length");
            }
            if (!te.get(te.size() - 1).equals("chunked") || head.minor() == 0) {
                throw new MalformedHttpException(400, "Transfer-Encoding without chunked last");
            }
            return CHUNKED;
        }
        if (cl.isEmpty()) {
            return NONE;
        }
        long length = contentLength(cl);
        if (length < 0) {
            throw new MalformedHttpException(400, "invalid Content-Length");
        }
        return length == 0 ? NONE : new Framing(Kind.LENGTH, length);
    }

    /** A response's body, given the request's method; -1 length problems make it unreadable (null). */
    public static Framing response(HttpHead head, String requestMethod) {
        int status = head.status();
        if (requestMethod.equals("HEAD") || status / 100 == 1 || status == 204 || status == 304
                || requestMethod.equals("CONNECT") && status / 100 == 2) {
            return NONE;
        }
        List<String> te = head.tokens("transfer-encoding");
        if (!te.isEmpty()) {
            return te.get(te.size() - 1).equals("chunked") ? CHUNKED : UNTIL_CLOSE;
        }
        List<String> cl = head.values("content-length");
        if (cl.isEmpty()) {
            return UNTIL_CLOSE;
        }
        long length = contentLength(cl);
        if (length < 0) {
            return null;
        }
        return length == 0 ? NONE : new Framing(Kind.LENGTH, length);
    }

    /** The one value all Content-Length fields agree on, or -1. */
    private static long contentLength(List<String> values) {
        long length = -1;
        for (String v : values) {
            for (String part : v.split(",", -1)) {
                String p = part.strip();
                if (p.isEmpty() || p.length() > 18 || !digits(p)) {
                    return -1;
                }
                long n = Long.parseLong(p);
                if (length >= 0 && n != length) {
                    return -1;
                }
                length = n;
            }
        }
        return length;
    }

    private static boolean digits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
