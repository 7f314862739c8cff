package dev.bollard.webhook.policy;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTP methods and request paths of an AuthorizationPolicy operation. istiod checks neither methods
 * nor plain paths (a lower-case method or a path without {@code /} is legal and simply never
 * matches), so those checks are advice; only path templates ({@code {*}}, {@code {**}}) are refused
 * when malformed, as istiod's {@code CheckValidPathTemplate} refuses them.
 */
final class HttpValues {
    /** The methods Istio knows (Go's net/http set); matching is case-sensitive. */
    static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "CONNECT", "OPTIONS", "TRACE");
    /**
     * Extension methods real proxies see: the IANA HTTP method registry (WebDAV, CalDAV, ...)
     * plus the cache-invalidation PURGE and BAN of Varnish and CDNs. istiod does not check
     * methods at all; we keep catching typos without refusing these.
     */
    static final java.util.Set<String> EXTENSION_METHODS = java.util.Set.of("ACL", "BASELINE-CONTROL", "BIND", "CHECKIN",
            "CHECKOUT", "COPY", "LABEL", "LINK", "LOCK", "MERGE", "MKACTIVITY", "MKCALENDAR", "MKCOL", "MKREDIRECTREF",
            "MKWORKSPACE", "MOVE", "ORDERPATCH", "PRI", "PROPFIND", "PROPPATCH", "QUERY", "REBIND", "REPORT", "SEARCH",
            "UNBIND", "UNCHECKOUT", "UNLINK", "UNLOCK", "UPDATE", "UPDATEREDIRECTREF", "VERSION-CONTROL", "PURGE", "BAN");
    static final String MATCH_ONE = "{*}";
    static final String MATCH_ANY = "{**}";
    // RFC 3986 pchar, the literal segments Envoy accepts around path templates; a table, not a
    // regex, since a 3 MiB template has a million segments
    private static final boolean[] LITERAL = new boolean[128];

    static {
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~%!$&'()+,;:@=".chars().forEach(c -> LITERAL[c] = true);
    }

    private HttpValues() {
    }

    static Optional<String> checkMethod(String value) {
        Optional<String> position = Wildcards.checkPosition(value);
        if (position.isPresent()) {
            return position;
        }
        String fixed = Wildcards.fixedPart(value);
        boolean known = switch (Wildcards.form(value)) {
            case ANY -> true;
            case PREFIX -> METHODS.stream().anyMatch(m -> m.startsWith(fixed));
            case SUFFIX -> METHODS.stream().anyMatch(m -> m.endsWith(fixed));
            case EXACT -> METHODS.contains(fixed) || EXTENSION_METHODS.contains(fixed);
        };
        if (known) {
            return Optional.empty();
        }
        String upper = value.toUpperCase(Locale.ROOT);
        if (!upper.equals(value) && checkMethod(upper).isEmpty()) {
            return Optional.of("\"" + value + "\": HTTP methods are case-sensitive, so it never matches \"" + upper
                    + "\"; use \"" + upper + "\"");
        }
        return Optional.of("\"" + value + "\" is not a known HTTP method (" + String.join(", ", METHODS)
                + ", or a registered extension method such as PROPFIND or PURGE)");
    }

    /** What istiod refuses in a path: a malformed template. */
    static Optional<String> refusePath(String value) {
        // istiod refuses any brace outside {*} and {**}, template or not
        if (value.contains("{") || value.contains("}")) {
            return checkTemplate(value);
        }
        return Optional.empty();
    }

    /** Advice on a plain path: a literal {@code *}, a path that cannot match a request's path. */
    static Optional<String> advisePath(String value) {
        if (value.contains("{") || value.contains("}")) {
            return Optional.empty();
        }
        Optional<String> position = Wildcards.checkPosition(value);
        if (position.isPresent()) {
            return Optional.of(position.get() + "; use a path template such as /api/{*}/items for one segment");
        }
        Wildcards.Form form = Wildcards.form(value);
        if (form == Wildcards.Form.ANY || form == Wildcards.Form.SUFFIX || value.startsWith("/")) {
            return Optional.empty();
        }
        return Optional.of("\"" + value + "\" does not start with \"/\" (nor is it a \"*\" suffix pattern),"
                + " so it never matches a request path");
    }

    /** Istio's path templates: {@code {*}} for one segment, no operator after {@code {**}}. */
    private static Optional<String> checkTemplate(String value) {
        if (!value.startsWith("/")) {
            return Optional.of("\"" + value + "\": a path template must start with \"/\"");
        }
        // segment by segment with indexOf, not split: a 3 MiB template of slashes would be a
        // million-entry array before the first segment is even looked at
        String trimmed = trimSlashes(value);
        boolean matchAnySeen = false;
        for (int start = 0; start <= trimmed.length(); ) {
            int slash = trimmed.indexOf('/', start);
            int end = slash < 0 ? trimmed.length() : slash;
            String segment = trimmed.substring(start, end);
            boolean operator = segment.equals(MATCH_ONE) || segment.equals(MATCH_ANY);
            if (operator && matchAnySeen) {
                return Optional.of("\"" + value + "\": {**} must be the last operator of a path template");
            }
            if (operator) {
                matchAnySeen |= segment.equals(MATCH_ANY);
            } else if (segment.contains("{") || segment.contains("}") || segment.contains("*")) {
                return Optional.of("\"" + value + "\": only whole segments {*} and {**} are supported in a path template");
            } else if (!isLiteral(segment)) {
                return Optional.of("\"" + value + "\": segment \"" + segment + "\" is not a valid path literal");
            }
            start = end + 1;
        }
        return Optional.empty();
    }

    private static boolean isLiteral(String segment) {
        if (segment.isEmpty()) {
            return false;
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c >= LITERAL.length || !LITERAL[c]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Go's {@code strings.Trim(path, "/")}, as istiod strips a template before splitting it. A
     * scan from both ends: the regex {@code ^/+|/+$} it replaces backtracks quadratically on a
     * run of slashes followed by anything else (80,000 slashes took 15 s).
     */
    static String trimSlashes(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && value.charAt(start) == '/') {
            start++;
        }
        while (end > start && value.charAt(end - 1) == '/') {
            end--;
        }
        return value.substring(start, end);
    }
}
