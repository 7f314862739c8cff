package dev.bollard.webhook.policy;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** JSON values as an OpenAPI v3 schema types them, and as the API server prints them in field errors. */
final class SchemaValues {
    private SchemaValues() {
    }

    /** True when {@code value} has the schema's {@code type} (or the schema names none). */
    static boolean hasType(JsonNode value, JsonNode schema) {
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
            return value.isTextual() || isInteger(value);
        }
        JsonNode type = schema.get("type");
        if (type == null) {
            return true;
        }
        return switch (type.asText()) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> isInteger(value);
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> true;
        };
    }

    /** JSON has one number type: 2.0 is an integer to the API server, as Go's JSON integer check says. */
    private static boolean isInteger(JsonNode value) {
        return value.isIntegralNumber() || value.isFloatingPointNumber() && value.asDouble() == Math.rint(value.asDouble())
                && !Double.isInfinite(value.asDouble());
    }

    /** The JSON type name the API server reports: {@code "string"}, {@code "integer"}, {@code "object"}, ... */
    static String typeName(JsonNode value) {
        return switch (value.getNodeType()) {
            case OBJECT -> "object";
            case ARRAY -> "array";
            case STRING -> "string";
            case BOOLEAN -> "boolean";
            case NULL -> "null";
            case NUMBER -> value.isIntegralNumber() ? "integer" : "number";
            default -> value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** A value as Go's {@code %q}/{@code %v} show it in field errors: strings quoted, the rest as JSON. */
    static String quoted(JsonNode value) {
        return value.isContainerNode() ? "\"" + typeName(value) + "\"" : value.toString();
    }

    /** {@code "ALLOW", "DENY"}: the supported values of an enum. */
    static String list(JsonNode values) {
        List<String> shown = new ArrayList<>();
        values.forEach(v -> shown.add(quoted(v)));
        return String.join(", ", shown);
    }
}
