package dev.bollard.webhook.ca;

import java.util.regex.Pattern;

/**
 * Removes Java class names ({@code java.io.IOException: }, {@code io.fabric8....Foo}) from a
 * message meant for a caller or an operator: they describe our implementation, not the request.
 * Applied to every {@link CaRefusedException}, so a library's message passed along cannot leak one.
 */
public final class InternalNames {
    // two or more lower-case package segments, then a capitalised class name, and a following ": "
    private static final Pattern CLASS_NAME = Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.){2,}[A-Z][\\w$]*(?:\\.[A-Z][\\w$]*)*(?::\\s*)?");
    private static final Pattern EMPTY_CLAUSE = Pattern.compile(":\\s*(?=:|$|\\))");

    private InternalNames() {
    }

    public static String strip(String message) {
        if (message == null) {
            return "";
        }
        String stripped = CLASS_NAME.matcher(message).replaceAll("");
        stripped = EMPTY_CLAUSE.matcher(stripped).replaceAll("");
        return stripped.replaceAll("\\s{2,}", " ").strip();
    }
}
