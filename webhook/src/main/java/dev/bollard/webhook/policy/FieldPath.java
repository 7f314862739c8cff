package dev.bollard.webhook.policy;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A field path in Kubernetes notation, {@code spec.rules[0].from[1].source}, with map keys in
 * brackets ({@code spec.portLevelMtls[8080]}). It keeps its steps so a finding can be placed in
 * document order.
 */
record FieldPath(String text, List<Object> steps) {
    static final FieldPath ROOT = new FieldPath("", List.of());
    static final FieldPath SPEC = ROOT.field("spec");

    FieldPath {
        steps = List.copyOf(steps);
    }

    FieldPath field(String name) {
        return new FieldPath(text.isEmpty() ? name : text + "." + name, append(name));
    }

    FieldPath index(int i) {
        return new FieldPath(text + "[" + i + "]", append(i));
    }

    /** A map entry: shown in brackets (an empty key as {@code [""]}, so it stays visible), looked up as an object field. */
    FieldPath key(String key) {
        return new FieldPath(text + "[" + (key.isEmpty() ? "\"\"" : key) + "]", append(key));
    }

    /** Where a field lies among its object's fields (0-based), or -1 when the object does not have it. */
    interface FieldOrder {
        int positionOf(JsonNode object, String field);
    }

    /**
     * Where the path lies in {@code root}: per step, the position of the field among its
     * siblings or the list index. A step that is absent from the document sorts after all
     * present siblings.
     */
    List<Integer> positionIn(JsonNode root, FieldOrder order) {
        List<Integer> positions = new ArrayList<>(steps.size());
        JsonNode node = root;
        for (Object step : steps) {
            int position = Integer.MAX_VALUE;
            JsonNode next = null;
            if (step instanceof Integer i && node != null && node.isArray() && i < node.size()) {
                position = i;
                next = node.get(i);
            } else if (step instanceof String name && node != null && node.isObject()) {
                int p = order.positionOf(node, name);
                if (p >= 0) {
                    position = p;
                    next = node.get(name);
                }
            }
            positions.add(position);
            node = next;
        }
        return positions;
    }

    private List<Object> append(Object step) {
        List<Object> longer = new ArrayList<>(steps);
        longer.add(step);
        return longer;
    }

    @Override
    public String toString() {
        return text;
    }
}
