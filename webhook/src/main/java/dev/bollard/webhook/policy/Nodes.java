package dev.bollard.webhook.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Type checks on raw JSON. The object reaches us as the person wrote it, so every field may have
 * the wrong shape; each check reports it at its path and lets the walk go on. A JSON null counts
 * as absent, as the API server's pruning treats it.
 */
final class Nodes {
    private Nodes() {
    }

    static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    static Optional<ObjectNode> object(JsonNode node, FieldPath path, Findings findings) {
        return typed(node, JsonNode::isObject, "an object", path, findings).map(ObjectNode.class::cast);
    }

    static Optional<ArrayNode> list(JsonNode node, FieldPath path, Findings findings) {
        return typed(node, JsonNode::isArray, "a list", path, findings).map(ArrayNode.class::cast);
    }

    static Optional<String> string(JsonNode node, FieldPath path, Findings findings) {
        return typed(node, JsonNode::isTextual, "a string", path, findings).map(JsonNode::textValue);
    }

    /** The node when present and of the wanted type; a node of another type is reported. */
    private static Optional<JsonNode> typed(JsonNode node, Predicate<JsonNode> wanted, String description,
            FieldPath path, Findings findings) {
        if (absent(node)) {
            return Optional.empty();
        }
        if (!wanted.test(node)) {
            findings.error(path, "must be " + description + ", found " + typeName(node));
            return Optional.empty();
        }
        return Optional.of(node);
    }

    /** A string value at a path, for checks that report per entry. */
    record Item(FieldPath path, String value) {
    }

    /** The string entries of a list; null and non-string entries are reported and skipped. */
    static List<Item> strings(JsonNode node, FieldPath path, Findings findings) {
        List<Item> items = new ArrayList<>();
        list(node, path, findings).ifPresent(array -> {
            for (int i = 0; i < array.size(); i++) {
                JsonNode entry = array.get(i);
                if (entry.isNull()) {
                    findings.error(path.index(i), "must not be null");
                } else if (!entry.isTextual()) {
                    findings.error(path.index(i), "must be a string, found " + typeName(entry));
                } else {
                    items.add(new Item(path.index(i), entry.textValue()));
                }
            }
        });
        return items;
    }

    /** Reports every field of {@code object} outside {@code known}, naming it. */
    static void onlyKnown(ObjectNode object, FieldPath path, Set<String> known, Findings findings) {
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            String name = field.getKey();
            if (!known.contains(name)) {
                findings.error(path.field(name), "unknown field \"" + name + "\"");
            }
        }
    }

    /** True when every field of {@code object} is one of {@code known}. */
    static boolean onlyFrom(ObjectNode object, Set<String> known) {
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            if (!known.contains(field.getKey())) {
                return false;
            }
        }
        return true;
    }

    /** True when the object has the field with a non-null value. */
    static boolean has(ObjectNode object, String field) {
        return !absent(object.get(field));
    }

    /** A list field that is present and holds entries. */
    static boolean nonEmptyList(ObjectNode object, String field) {
        JsonNode node = object.get(field);
        return node != null && node.isArray() && !node.isEmpty();
    }

    static Iterable<Map.Entry<String, JsonNode>> fields(ObjectNode object) {
        return object.properties();
    }

    static String typeName(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "a list";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
