package dev.bollard.webhook.logging;

/**
 * One log event, one line: control characters in logged text become visible escapes, so a value
 * from a request (a pod name with a newline, an ANSI escape in a label) cannot start a forged line
 * or repaint the terminal. JSON logs escape these already; this is the plain-text format's share.
 */
public final class LogText {
    private LogText() {
    }

    /** {@code \n}, {@code \r}, {@code \t} and {@code \\uXXXX} for the other C0/C1 controls and line separators. */
    public static String escape(String text) {
        if (text == null || text.chars().noneMatch(LogText::isControl)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (isControl(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    // C0, DEL, C1 (NEL among them), and the Unicode line and paragraph separators
    private static boolean isControl(int c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029;
    }
}
