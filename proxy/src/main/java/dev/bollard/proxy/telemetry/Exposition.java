package dev.bollard.proxy.telemetry;

import java.util.List;

/**
 * Prometheus text exposition format 0.0.4, the pieces: label sets and sample values. Label values
 * come from peers and users (Host headers, SPIFFE IDs, pod labels), so every one is escaped as the
 * format requires: backslash, double quote and line feed.
 */
public final class Exposition {
    /** What a scrape's Content-Type says (Envoy's /stats/prometheus answers the same). */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private Exposition() {
    }

    /** {@code {a="x",b="y"}}, or the empty string without labels. */
    public static String labels(List<String> names, List<String> values) {
        if (names.size() != values.size()) {
            throw new IllegalArgumentException("labels: " + names.size() + " names but " + values.size() + " values");
        }
        if (names.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(names.get(i)).append("=\"");
            escape(values.get(i), out);
            out.append('"');
        }
        return out.append('}').toString();
    }

    /** The label set with one more label appended (a histogram's {@code le}). */
    static String withLabel(String labels, String name, String value) {
        StringBuilder out = new StringBuilder();
        if (labels.isEmpty()) {
            out.append('{');
        } else {
            out.append(labels, 0, labels.length() - 1).append(',');
        }
        out.append(name).append("=\"");
        escape(value, out);
        return out.append("\"}").toString();
    }

    static void escape(String value, StringBuilder out) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
    }

    /** A sample value: integral values without a fraction (as Envoy writes them), others as Java prints them. */
    public static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    /** {@code # HELP} and {@code # TYPE} lines; help text escapes backslash and line feed. */
    static void header(StringBuilder out, String name, String help, String type) {
        out.append("# HELP ").append(name).append(' ');
        for (int i = 0; i < help.length(); i++) {
            char c = help.charAt(i);
            if (c == '\\') {
                out.append("\\\\");
            } else if (c == '\n') {
                out.append("\\n");
            } else {
                out.append(c);
            }
        }
        out.append('\n').append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }
}
