package dev.bollard.proxy.authz;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code paths} value with Istio's template operators, which istiod hands to Envoy's uri_template
 * matcher: {@code {*}} is one path segment (one or more path characters, no {@code /}) and
 * {@code {**}} the rest of the path (zero or more path characters including {@code /}), after which
 * no operator may follow. Each operator is a whole segment, as Istio's validation requires.
 * Matched by hand, left to right, without a regex.
 */
final class PathTemplate {
    static final String ONE = "{*}";
    static final String ANY = "{**}";

    /** Before {@code {**}}: literal segments (text) and {@code {*}} (null). */
    private final String[] head;
    private final boolean rest;
    /** After {@code {**}}: a literal the path must end with, or "". */
    private final String tail;

    private PathTemplate(String[] head, boolean rest, String tail) {
        this.head = head;
        this.rest = rest;
        this.tail = tail;
    }

    static boolean isTemplate(String value) {
        return value.contains(ONE) || value.contains(ANY);
    }

    static PathTemplate parse(String value) {
        if (!value.startsWith("/")) {
            throw new IllegalArgumentException("'" + value + "' is not a path template: it must start with /");
        }
        List<String> head = new ArrayList<>();
        StringBuilder tail = null;
        String[] segments = value.substring(1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            if (s.isEmpty() && i < segments.length - 1) {
                throw new IllegalArgumentException("'" + value + "' is not a path template: it has an empty segment (//)");
            }
            if (tail != null) {
                if (s.equals(ONE) || s.equals(ANY)) {
                    throw new IllegalArgumentException("'" + value + "' is not a path template: {**} is not the last operator");
                }
                literal(value, s);
                tail.append('/').append(s);
            } else if (s.equals(ANY)) {
                head.add("/");
                tail = new StringBuilder();
            } else if (s.equals(ONE)) {
                head.add("/");
                head.add(null);
            } else {
                literal(value, s);
                head.add("/" + s);
            }
        }
        return new PathTemplate(head.toArray(new String[0]), tail != null, tail == null ? "" : tail.toString());
    }

    private static void literal(String value, String segment) {
        for (int i = 0; i < segment.length(); i++) {
            if (!pchar(segment.charAt(i))) {
                throw new IllegalArgumentException("'" + value + "' is not a path template: segment '" + segment
                        + "' has a character Envoy's uri_template refuses");
            }
        }
    }

    /** Envoy's uri_template literal characters (RFC 3986 pchar without '*'). */
    static boolean pchar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~%!$&'()+,;:@=".indexOf(c) >= 0;
    }

    boolean matches(String path) {
        int at = 0;
        for (String part : head) {
            if (part == null) {
                int start = at;
                while (at < path.length() && pchar(path.charAt(at))) {
                    at++;
                }
                if (at == start) {
                    return false;
                }
            } else {
                if (!path.startsWith(part, at)) {
                    return false;
                }
                at += part.length();
            }
        }
        if (!rest) {
            return at == path.length();
        }
        int end = path.length() - tail.length();
        if (end < at || !path.startsWith(tail, end)) {
            return false;
        }
        for (int i = at; i < end; i++) {
            char c = path.charAt(i);
            if (c != '/' && !pchar(c)) {
                return false;
            }
        }
        return true;
    }
}
