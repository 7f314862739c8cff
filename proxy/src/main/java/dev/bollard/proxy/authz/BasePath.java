package dev.bollard.proxy.authz;

/**
 * The path {@code paths} and {@code notPaths} are matched against: the request target without its
 * query or fragment, normalized as Istio's default {@code meshConfig.pathNormalization: BASE} has
 * Envoy do it before the RBAC filter (Istio's "Authorization Policy Normalization" page):
 * <ol>
 * <li>percent-encoded unreserved characters ({@code %2d %2e %30-%39 %41-%5a %5f %61-%7a %7e},
 *     any case) are decoded, once; other escapes stay encoded with upper-case hex, so {@code %2f}
 *     is not a slash (that is DECODE_AND_MERGE_SLASHES, not BASE);</li>
 * <li>a backslash becomes {@code /};</li>
 * <li>{@code .} and {@code ..} segments are resolved as RFC 3986 section 5.2.4 says, never above
 *     the root ({@code /a/%2e%2e/b} is {@code /b});</li>
 * <li>repeated slashes are kept (merging them is MERGE_SLASHES).</li>
 * </ol>
 * An absolute-form target ({@code http://host/p}) is reduced to its path, as Envoy does.
 */
public final class BasePath {
    private BasePath() {
    }

    public static String normalize(String target) {
        String path = withoutQuery(withoutAuthority(target));
        if (!path.startsWith("/") && !path.startsWith("\\")) {
            return path; // "*" (OPTIONS *) or garbage: nothing to resolve
        }
        return removeDotSegments(decodeUnreserved(path));
    }

    private static String withoutAuthority(String target) {
        int scheme = target.indexOf("://");
        if (scheme <= 0 || target.charAt(0) == '/') {
            return target;
        }
        int path = target.indexOf('/', scheme + 3);
        return path < 0 ? "/" : target.substring(path);
    }

    private static String withoutQuery(String target) {
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c == '?' || c == '#') {
                return target.substring(0, i);
            }
        }
        return target;
    }

    private static String decodeUnreserved(String path) {
        if (path.indexOf('%') < 0 && path.indexOf('\\') < 0) {
            return path;
        }
        StringBuilder out = new StringBuilder(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            int hi = i + 2 < path.length() && c == '%' ? Character.digit(path.charAt(i + 1), 16) : -1;
            int lo = hi >= 0 ? Character.digit(path.charAt(i + 2), 16) : -1;
            if (lo >= 0) {
                char decoded = (char) (hi * 16 + lo);
                if (unreserved(decoded)) {
                    out.append(decoded);
                } else {
                    out.append('%').append(Character.toUpperCase(path.charAt(i + 1))).append(Character.toUpperCase(path.charAt(i + 2)));
                }
                i += 2;
            } else {
                out.append(c == '\\' ? '/' : c);
            }
        }
        return out.toString();
    }

    private static boolean unreserved(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~';
    }

    /** RFC 3986 remove_dot_segments on a path that starts with '/'; linear in the path. */
    private static String removeDotSegments(String path) {
        if (!path.contains("/.")) {
            return path;
        }
        StringBuilder out = new StringBuilder(path.length());
        int i = 0;
        while (i < path.length()) {
            int next = path.indexOf('/', i + 1);
            int end = next < 0 ? path.length() : next;
            String segment = path.substring(i + 1, end); // without the leading '/'
            boolean last = next < 0;
            if (segment.equals(".")) {
                if (last) {
                    out.append('/');
                }
            } else if (segment.equals("..")) {
                int cut = out.lastIndexOf("/");
                out.setLength(Math.max(cut, 0));
                if (last) {
                    out.append('/');
                }
            } else {
                out.append('/').append(segment);
            }
            i = end;
        }
        return out.length() == 0 ? "/" : out.toString();
    }
}
