package dev.bollard.webhook.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Collects violations and warnings and hands them out sorted by where their path lies in the
 * document (a parent before its children, siblings in the order they were written), so the same
 * object always yields the same list, whatever order the checks ran in.
 */
final class Findings {
    private record Entry(List<Integer> position, int sequence, Violation violation) {
    }

    private static final Comparator<Entry> DOCUMENT_ORDER = Comparator
            .comparing(Entry::position, Findings::compareLexicographically)
            .thenComparingInt(Entry::sequence);

    private final JsonNode root;
    private final List<Entry> errors = new ArrayList<>();
    private final List<Entry> warnings = new ArrayList<>();

    Findings(JsonNode root) {
        this.root = root;
    }

    void error(FieldPath path, String message) {
        errors.add(entry(path, message, errors.size()));
    }

    void warn(FieldPath path, String message) {
        warnings.add(entry(path, message, warnings.size()));
    }

    List<Violation> errors() {
        return sorted(errors);
    }

    List<Violation> warnings() {
        return sorted(warnings);
    }

    private Entry entry(FieldPath path, String message, int sequence) {
        return new Entry(path.positionIn(root), sequence, new Violation(path.text(), message));
    }

    private static List<Violation> sorted(List<Entry> entries) {
        return entries.stream().sorted(DOCUMENT_ORDER).map(Entry::violation).toList();
    }

    private static int compareLexicographically(List<Integer> a, List<Integer> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = Integer.compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }
}
