package dev.bollard.proxy.authz;

/**
 * One Istio string value compiled the way istiod turns it into an Envoy matcher: {@code *} alone
 * (any non-empty value, or for headers any present value), {@code prefix*}, {@code *suffix}, or
 * exact. Matching allocates nothing.
 */
record StringMatch(Kind kind, String text, boolean ignoreCase) {
    enum Kind { EXACT, PREFIX, SUFFIX, NON_EMPTY, PRESENT }

    /** Istio's StringMatcher: {@code *} is the regex {@code .+}, so an empty value never matches. */
    static StringMatch of(String value, boolean ignoreCase) {
        return wildcard(value, Kind.NON_EMPTY, ignoreCase);
    }

    /** Istio's HeaderMatcher: {@code *} is Envoy's present_match, an empty header value matches. */
    static StringMatch header(String value, boolean ignoreCase) {
        return wildcard(value, Kind.PRESENT, ignoreCase);
    }

    private static StringMatch wildcard(String value, Kind star, boolean ignoreCase) {
        if (value.equals("*")) {
            return new StringMatch(star, "", ignoreCase);
        }
        if (value.startsWith("*")) {
            return new StringMatch(Kind.SUFFIX, value.substring(1), ignoreCase);
        }
        if (value.endsWith("*")) {
            return new StringMatch(Kind.PREFIX, value.substring(0, value.length() - 1), ignoreCase);
        }
        return new StringMatch(Kind.EXACT, value, ignoreCase);
    }

    /** @param value null when the attribute is absent (no peer, no such header) */
    boolean matches(String value) {
        if (value == null) {
            return false;
        }
        return switch (kind) {
            case PRESENT -> true;
            case NON_EMPTY -> !value.isEmpty();
            case EXACT -> value.length() == text.length() && value.regionMatches(ignoreCase, 0, text, 0, text.length());
            case PREFIX -> value.regionMatches(ignoreCase, 0, text, 0, text.length());
            case SUFFIX -> value.length() >= text.length()
                    && value.regionMatches(ignoreCase, value.length() - text.length(), text, 0, text.length());
        };
    }

    /**
     * Istio's inline-header match on a comma-separated list: istiod's regex
     * {@code ^v$|^v,.*|.*,v,.*|.*,v$}, so the value must start after a comma (or at 0) and, for
     * exact values, end before one (or at the end); prefix and suffix forms may run across commas.
     */
    boolean matchesElement(String value) {
        if (value == null) {
            return false;
        }
        if (kind == Kind.PRESENT || kind == Kind.NON_EMPTY) {
            return matches(value);
        }
        int n = text.length();
        for (int start = 0; start <= value.length(); start = value.indexOf(',', start) + 1) {
            boolean hit = switch (kind) {
                case PREFIX -> value.regionMatches(ignoreCase, start, text, 0, n);
                case EXACT -> value.regionMatches(ignoreCase, start, text, 0, n) && boundary(value, start + n);
                default -> false;
            };
            if (hit) {
                return true;
            }
            if (value.indexOf(',', start) < 0) {
                break;
            }
        }
        if (kind == Kind.SUFFIX) {
            for (int end = 0; end <= value.length(); end++) {
                if (boundary(value, end) && end >= n && value.regionMatches(ignoreCase, end - n, text, 0, n)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean boundary(String value, int end) {
        return end == value.length() || end < value.length() && value.charAt(end) == ',';
    }
}
