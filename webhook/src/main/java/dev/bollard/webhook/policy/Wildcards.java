package dev.bollard.webhook.policy;

import java.util.Optional;

/**
 * Istio matches policy strings exactly, by prefix ({@code abc*}), by suffix ({@code *abc}) or by
 * presence ({@code *}). A {@code *} anywhere else is taken literally by the proxy and almost
 * surely never matches; istiod accepts it, so it is only worth a warning.
 */
final class Wildcards {
    static final String ANY = "*";

    enum Form { EXACT, PREFIX, SUFFIX, ANY }

    private Wildcards() {
    }

    static Form form(String value) {
        if (ANY.equals(value)) {
            return Form.ANY;
        }
        if (value.startsWith(ANY)) {
            return Form.SUFFIX;
        }
        return value.endsWith(ANY) ? Form.PREFIX : Form.EXACT;
    }

    /** The part that must match literally: {@code abc} for {@code abc*} and {@code *abc}. */
    static String fixedPart(String value) {
        return switch (form(value)) {
            case ANY -> "";
            case SUFFIX -> value.substring(1);
            case PREFIX -> value.substring(0, value.length() - 1);
            case EXACT -> value;
        };
    }

    /** Empty when {@code *} appears at most once, as the first or the last character. */
    static Optional<String> checkPosition(String value) {
        int first = value.indexOf('*');
        if (first < 0 || ANY.equals(value)) {
            return Optional.empty();
        }
        boolean single = value.indexOf('*', first + 1) < 0;
        if (single && (first == 0 || first == value.length() - 1)) {
            return Optional.empty();
        }
        return Optional.of("\"" + value + "\": \"*\" is a wildcard only as the first or the last character; here it is matched literally");
    }
}
