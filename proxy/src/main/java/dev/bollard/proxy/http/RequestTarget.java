package dev.bollard.proxy.http;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * The path and authority AuthorizationPolicy matches a request on, from its request target (pure),
 * as Envoy derives {@code :path} and {@code :authority} in an Istio sidecar:
 * <ul>
 * <li>absolute-form ({@code GET http://b:8080/x}): the target's authority replaces Host and its path
 *     is matched (RFC 9112 section 3.2.2), so a DENY on {@code /x} also holds for that spelling;</li>
 * <li>the path is normalized as Istio's default {@code BASE} path normalization does (RFC 3986
 *     section 6): percent-encoded unreserved characters decoded, other escapes upper-cased, dot
 *     segments removed ({@code /a/../admin} is {@code /admin}; encoded dots too). The query is kept
 *     as sent. The request is still forwarded as sent: only the decision uses this form;</li>
 * <li>authority-form (CONNECT) has no path: empty; asterisk-form ({@code OPTIONS *}) is {@code *}.</li>
 * </ul>
 * A path that cannot be normalized (an escape that is not two hex digits, a relative path) is a 400.
 */
public record RequestTarget(String path, String authority) {
    private static final String UNRESERVED = "-._~";

    public static RequestTarget of(String method, String target, String host) throws MalformedHttpException {
        if (method.equals("CONNECT")) {
            return new RequestTarget("", target);
        }
        if (target.equals("*")) {
            return new RequestTarget("*", host);
        }
        String authority = host;
        String rest = target;
        int scheme = target.indexOf("://");
        if (!target.startsWith("/") && scheme > 0) {
            int pathStart = target.indexOf('/', scheme + 3);
            int queryStart = target.indexOf('?', scheme + 3);
            int end = pathStart < 0 ? (queryStart < 0 ? target.length() : queryStart)
                    : queryStart < 0 ? pathStart : Math.min(pathStart, queryStart);
            authority = target.substring(scheme + 3, end);
            rest = end == target.length() ? "/" : target.charAt(end) == '?' ? "/" + target.substring(end) : target.substring(end);
        }
        if (!rest.startsWith("/")) {
            throw new MalformedHttpException(400, "request target is not a path");
        }
        int query = rest.indexOf('?');
        String path = query < 0 ? rest : rest.substring(0, query);
        return new RequestTarget(normalize(path) + (query < 0 ? "" : rest.substring(query)), authority);
    }

    static String normalize(String path) throws MalformedHttpException {
        return removeDotSegments(decodeUnreserved(path));
    }

    private static String decodeUnreserved(String path) throws MalformedHttpException {
        StringBuilder out = new StringBuilder(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            int hi = i + 2 < path.length() ? Character.digit(path.charAt(i + 1), 16) : -1;
            int lo = hi >= 0 ? Character.digit(path.charAt(i + 2), 16) : -1;
            if (lo < 0) {
                throw new MalformedHttpException(400, "invalid percent-encoding in the path");
            }
            char decoded = (char) (hi << 4 | lo);
            if (Character.isLetterOrDigit(decoded) && decoded < 0x80 || UNRESERVED.indexOf(decoded) >= 0) {
                out.append(decoded);
            } else {
                out.append('%').append(path.substring(i + 1, i + 3).toUpperCase(Locale.ROOT));
            }
            i += 2;
        }
        return out.toString();
    }

    /** RFC 3986 section 5.2.4, on an absolute path. */
    private static String removeDotSegments(String path) {
        Deque<String> out = new ArrayDeque<>();
        String[] segments = path.substring(1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            boolean last = i == segments.length - 1;
            if (s.equals(".")) {
                if (last) {
                    out.addLast("");
                }
            } else if (s.equals("..")) {
                out.pollLast();
                if (last) {
                    out.addLast("");
                }
            } else {
                out.addLast(s);
            }
        }
        return "/" + String.join("/", out);
    }
}
