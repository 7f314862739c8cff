package dev.bollard.webhook.policy;

import java.util.ArrayList;
import java.util.Arrays;
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
    private record Entry(int[] position, int sequence, Violation violation) {
    }

    /** Where a path lies in the document, and the value it names there (null when absent). */
    private record Located(int[] position, JsonNode node) {
    }

    private static final Comparator<Entry> DOCUMENT_ORDER = Comparator
            .comparing(Entry::position, Arrays::compare)
            .thenComparingInt(Entry::sequence);

    private final JsonNode root;
    private final List<Entry> errors = new ArrayList<>();
    private final List<Entry> warnings = new ArrayList<>();
    // Placing a finding must not rescan what earlier findings already placed: a 3 MiB policy can
    // hold 400,000 bad values. Field positions are built once per object (scanning the fields per
    // finding made n bad fields cost n^2), and a parent path is located once, however many
    // findings sit under it (checks derive sibling paths from one parent).
    private final Map<JsonNode, Map<String, Integer>> fieldPositions = new IdentityHashMap<>();
    private final Map<FieldPath, Located> parents = new IdentityHashMap<>();

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
        return new Entry(positionOf(path), sequence, new Violation(path.text(), message));
    }

    private int[] positionOf(FieldPath path) {
        if (path.isRoot()) {
            return new int[0];
        }
        return place(path, located(path.parent()));
    }

    private int[] place(FieldPath path, Located parent) {
        int[] position = Arrays.copyOf(parent.position(), path.depth());
        position[path.depth() - 1] = path.positionIn(parent.node(), this::positionOf);
        return position;
    }

    private Located located(FieldPath path) {
        Located known = parents.get(path);
        if (known != null) {
            return known;
        }
        Located found;
        if (path.isRoot()) {
            found = new Located(new int[0], root);
        } else {
            Located parent = located(path.parent());
            found = new Located(place(path, parent), path.stepInto(parent.node()));
        }
        parents.put(path, found);
        return found;
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
}
