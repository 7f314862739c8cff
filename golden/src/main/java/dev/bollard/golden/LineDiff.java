package dev.bollard.golden;

import java.util.ArrayList;
import java.util.List;

/**
 * The lines where a golden file and an output part, as hunks with a few lines of context: a failing
 * golden test names the lines that changed instead of printing two long texts for the reader to
 * compare. A longest-common-subsequence diff, so a change in two places is two small hunks; texts
 * too long for its table fall back to one hunk from the first to the last changed line.
 */
final class LineDiff {
    private static final int CONTEXT = 3;
    private static final long MAX_TABLE = 4_000_000;

    private enum Kind { SAME, REMOVED, ADDED }

    private record Line(Kind kind, String text, int number) {
    }

    private LineDiff() {
    }

    /** Empty when the texts are equal; otherwise {@code @@ line N @@} hunks of context, {@code -} expected, {@code +} actual. */
    static String of(String expected, String actual) {
        if (expected.equals(actual)) {
            return "";
        }
        List<String> was = List.of(expected.split("\n", -1));
        List<String> now = List.of(actual.split("\n", -1));
        List<Line> lines = (long) was.size() * now.size() <= MAX_TABLE ? lcs(was, now) : prefixSuffix(was, now);
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < lines.size()) {
            if (lines.get(i).kind() == Kind.SAME) {
                i++;
                continue;
            }
            int start = Math.max(0, i - CONTEXT);
            int end = i;
            // a hunk runs on while the next change is within two contexts of the last one
            for (int j = i; j < lines.size() && j <= end + 2 * CONTEXT; j++) {
                if (lines.get(j).kind() != Kind.SAME) {
                    end = j;
                }
            }
            int stop = Math.min(lines.size(), end + CONTEXT + 1);
            out.append("@@ line ").append(lines.get(start).number()).append(" @@\n");
            for (Line line : lines.subList(start, stop)) {
                out.append(switch (line.kind()) {
                    case SAME -> "  " + line.text();
                    case REMOVED -> "- " + visible(line.text());
                    case ADDED -> "+ " + visible(line.text());
                }).append('\n');
            }
            i = stop;
        }
        if (expected.endsWith("\n") != actual.endsWith("\n")) {
            out.append(expected.endsWith("\n") ? "(the output lacks the final newline)\n" : "(the output adds a final newline)\n");
        }
        return out.toString();
    }

    private static List<Line> lcs(List<String> was, List<String> now) {
        int[][] common = new int[was.size() + 1][now.size() + 1];
        for (int a = was.size() - 1; a >= 0; a--) {
            for (int b = now.size() - 1; b >= 0; b--) {
                common[a][b] = was.get(a).equals(now.get(b)) ? common[a + 1][b + 1] + 1 : Math.max(common[a + 1][b], common[a][b + 1]);
            }
        }
        List<Line> lines = new ArrayList<>();
        int a = 0;
        int b = 0;
        while (a < was.size() || b < now.size()) {
            if (a < was.size() && b < now.size() && was.get(a).equals(now.get(b))) {
                lines.add(new Line(Kind.SAME, was.get(a), ++a));
                b++;
            } else if (a < was.size() && (b == now.size() || common[a + 1][b] >= common[a][b + 1])) {
                lines.add(new Line(Kind.REMOVED, was.get(a), ++a));
            } else {
                lines.add(new Line(Kind.ADDED, now.get(b++), a + 1));
            }
        }
        return lines;
    }

    private static List<Line> prefixSuffix(List<String> was, List<String> now) {
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
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < start; i++) {
            lines.add(new Line(Kind.SAME, was.get(i), i + 1));
        }
        for (int i = start; i < endWas; i++) {
            lines.add(new Line(Kind.REMOVED, was.get(i), i + 1));
        }
        for (int i = start; i < endNow; i++) {
            lines.add(new Line(Kind.ADDED, now.get(i), endWas + 1));
        }
        for (int i = endWas; i < was.size(); i++) {
            lines.add(new Line(Kind.SAME, was.get(i), i + 1));
        }
        return lines;
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
