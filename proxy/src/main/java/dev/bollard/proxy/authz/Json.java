package dev.bollard.proxy.authz;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** Shape checks for the feed's policy JSON; each failure names the field's path. */
final class Json {
    private Json() {
    }

    static JsonNode object(JsonNode node, String at) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(at + ": must be an object");
        }
        return node;
    }

    /** An array's items; missing or null is empty. */
    static List<JsonNode> array(JsonNode node, String at) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException(at + ": must be an array");
        }
        List<JsonNode> out = new ArrayList<>(node.size());
        node.forEach(out::add);
        return out;
    }

    /** An array of strings; missing or null is empty. */
    static List<String> strings(JsonNode node, String at) {
        List<JsonNode> items = array(node, at);
        List<String> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            if (!items.get(i).isTextual()) {
                throw new IllegalArgumentException(at + "[" + i + "]: must be a string");
            }
            out.add(items.get(i).asText());
        }
        return out;
    }

    /** A required non-empty string member. */
    static String text(JsonNode node, String name, String at) {
        String value = optionalText(node, name, at, null);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(at + (value == null ? ": is missing" : ": must not be empty"));
        }
        return value;
    }

    /** An optional string member; missing or null is {@code otherwise}. */
    static String optionalText(JsonNode node, String name, String at, String otherwise) {
        JsonNode value = member(node, name);
        if (value != null && !value.isTextual()) {
            throw new IllegalArgumentException(at + ": must be a string");
        }
        return value == null ? otherwise : value.asText();
    }

    /** An optional boolean member; missing or null is false. */
    static boolean optionalBoolean(JsonNode node, String name, String at) {
        JsonNode value = member(node, name);
        if (value != null && !value.isBoolean()) {
            throw new IllegalArgumentException(at + ": must be true or false");
        }
        return value != null && value.asBoolean();
    }

    private static JsonNode member(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value;
    }
}
