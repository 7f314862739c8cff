package dev.bollard.golden;

import java.util.List;

/**
 * The lines where a golden file and an output part, with a few lines of context: a failing golden
 * test names the line that changed instead of printing two long texts for the reader to compare.
 */
final class LineDiff {
    private static final int CONTEXT = 3;

    private LineDiff() {
    }

    /** Empty when the texts are equal; otherwise {@code @@ line N @@} then context, {@code -} expected, {@code +} actual. */
    static String of(String expected, String actual) {
        if (expected.equals(actual)) {
            return "";
        }
        List<String> was = List.of(expected.split("\n", -1));
        List<String> now = List.of(actual.split("\n", -1));
        int start = 0;
        while (start < was.size() && start < now.size() && was.get(start).equals(now.get(start))) {
            start++;
        }
        int endWas = was.size();
        int endNow = now.size();
        while (endWas > start && endNow > start && was.get(endWas - 1).equals(now.get(endNow - 1))) {
            endWas--;
            endNow--;
        }
        StringBuilder out = new StringBuilder("@@ line ").append(start + 1).append(" @@\n");
        for (int i = Math.max(0, start - CONTEXT); i < start; i++) {
            out.append("  ").append(was.get(i)).append('\n');
        }
        for (int i = start; i < endWas; i++) {
            out.append("- ").append(visible(was.get(i))).append('\n');
        }
        for (int i = start; i < endNow; i++) {
            out.append("+ ").append(visible(now.get(i))).append('\n');
        }
        for (int i = endWas; i < Math.min(was.size(), endWas + CONTEXT); i++) {
            out.append("  ").append(was.get(i)).append('\n');
        }
        if (expected.endsWith("\n") != actual.endsWith("\n")) {
            out.append(expected.endsWith("\n") ? "(the output lacks the final newline)\n" : "(the output adds a final newline)\n");
        }
        return out.toString();
    }

    /** Trailing blanks and tabs are the changes a reader cannot see. */
    private static String visible(String line) {
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
            end--;
        }
        return end == line.length() ? line : line.substring(0, end) + line.substring(end).replace(" ", "·").replace("\t", "→");
    }
}
