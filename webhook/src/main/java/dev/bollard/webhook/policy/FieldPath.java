package dev.bollard.webhook.policy;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A field path in Kubernetes notation, {@code spec.rules[0].from[1].source}, with map keys in
 * brackets ({@code spec.portLevelMtls[8080]}). It is a chain of steps back to the root, so a
 * child costs one small object (not a copy of its parent's steps and text: a 3 MiB policy has
 * hundreds of thousands of paths), and the text is written out only when a finding is shown.
 */
final class FieldPath {
    static final FieldPath ROOT = new FieldPath(null, null, 0);
    static final FieldPath SPEC = ROOT.field("spec");

    private final FieldPath parent;
    /** A field name or map key (String), or a list index (Integer); null only at the root. */
    private final Object step;
    private final boolean bracketed;
    private final int depth;
    private String text;

    private FieldPath(FieldPath parent, Object step, int depth) {
        this(parent, step, depth, false);
    }

    private FieldPath(FieldPath parent, Object step, int depth, boolean bracketed) {
        this.parent = parent;
        this.step = step;
        this.depth = depth;
        this.bracketed = bracketed;
    }

    FieldPath field(String name) {
        return new FieldPath(this, name, depth + 1);
    }

    FieldPath index(int i) {
        return new FieldPath(this, i, depth + 1, true);
    }

    /** A map entry: shown in brackets (an empty key as {@code [""]}, so it stays visible), looked up as an object field. */
    FieldPath key(String key) {
        return new FieldPath(this, key, depth + 1, true);
    }

    boolean isRoot() {
        return parent == null;
    }

    FieldPath parent() {
        return parent;
    }

    int depth() {
        return depth;
    }

    /** Where a field lies among its object's fields (0-based), or -1 when the object does not have it. */
    interface FieldOrder {
        int positionOf(JsonNode object, String field);
    }

    /**
     * Where this path's last step lies inside {@code node} (the value at {@link #parent()}): the
     * position of the field among its siblings or the list index, or {@link Integer#MAX_VALUE}
     * when the document does not have it (so it sorts after all present siblings).
     */
    int positionIn(JsonNode node, FieldOrder order) {
        if (step instanceof Integer i) {
            return node != null && node.isArray() && i < node.size() ? i : Integer.MAX_VALUE;
        }
        if (node != null && node.isObject()) {
            int p = order.positionOf(node, (String) step);
            return p >= 0 ? p : Integer.MAX_VALUE;
        }
        return Integer.MAX_VALUE;
    }

    /** The value this path's last step names inside {@code node}, or null when it is absent. */
    JsonNode stepInto(JsonNode node) {
        if (node == null) {
            return null;
        }
        return step instanceof Integer i ? (node.isArray() ? node.get(i) : null) : (node.isObject() ? node.get((String) step) : null);
    }

    /**
     * The path as Kubernetes prints it. Built from the parent's text, which is kept: findings under
     * one parent (400,000 list entries of one field) share it instead of each writing it out again.
     */
    String text() {
        String t = text;
        if (t == null) {
            t = parent == null ? "" : parent.text() + suffix();
            text = t;
        }
        return t;
    }

    private String suffix() {
        if (bracketed) {
            String shown = step.toString();
            return "[" + (shown.isEmpty() ? "\"\"" : shown) + "]";
        }
        return parent.parent == null ? step.toString() : "." + step;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldPath other && text().equals(other.text());
    }

    @Override
    public int hashCode() {
        return text().hashCode();
    }

    @Override
    public String toString() {
        return text();
    }
}
