package dev.bollard.proxy.authz;

/**
 * A whole-string pattern where {@code *} is any run of characters: the shape of istiod's namespace
 * regex {@code .*}{@code /ns/<value with * as .*>/.*}, matched greedily without a regex
 * engine (leftmost placement of each middle piece is enough when {@code *} is the only operator).
 * istiod puts the value into the regex unquoted; here its other characters are literal, which
 * only differs for values Istio's validation refuses anyway (namespaces are DNS labels).
 */
final class Glob {
    private final String[] pieces;

    Glob(String pattern) {
        this.pieces = pattern.split("\\*", -1);
    }

    boolean matches(String s) {
        if (s == null) {
            return false;
        }
        if (pieces.length == 1) {
            return s.equals(pieces[0]);
        }
        String first = pieces[0];
        String last = pieces[pieces.length - 1];
        if (s.length() < first.length() + last.length() || !s.startsWith(first) || !s.endsWith(last)) {
            return false;
        }
        int at = first.length();
        int end = s.length() - last.length();
        for (int i = 1; i < pieces.length - 1; i++) {
            int found = s.indexOf(pieces[i], at);
            if (found < 0 || found + pieces[i].length() > end) {
                return false;
            }
            at = found + pieces[i].length();
        }
        return true;
    }
}
