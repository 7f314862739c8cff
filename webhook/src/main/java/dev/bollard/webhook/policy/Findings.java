package dev.bollard.webhook.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

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
    // field positions per object, built once: scanning the fields for every finding would make an
    // object with n bad fields cost n^2 (200,000 unknown fields took minutes)
    private final Map<JsonNode, Map<String, Integer>> fieldPositions = new IdentityHashMap<>();

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
        return new Entry(path.positionIn(root, this::positionOf), sequence, new Violation(path.text(), message));
    }

    private int positionOf(JsonNode object, String field) {
        Map<String, Integer> positions = fieldPositions.computeIfAbsent(object, o -> {
            Map<String, Integer> byName = new HashMap<>();
            o.fieldNames().forEachRemaining(name -> byName.put(name, byName.size()));
            return byName;
        });
        return positions.getOrDefault(field, -1);
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
