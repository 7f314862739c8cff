package dev.bollard.webhook.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A CRD version's OpenAPI v3 structural schema applied to an object as the API server applies it
 * before any admission webhook: types, enums, patterns, lengths, item and property counts,
 * required fields, unknown fields and the {@code x-kubernetes-validations} rules of
 * {@link CelRules}. Messages follow the API server's field errors
 * ({@code spec.action: Unsupported value: "FOO": supported values: "ALLOW", ...}). One walk of
 * the object, so linear in it: the schema is fixed.
 */
final class CrdSchemaCheck {
    // the API server adds these to every CRD's root schema
    private static final Set<String> IMPLICIT_ROOT_FIELDS = Set.of("apiVersion", "kind", "metadata");
    // Java's regex recurses per repetition: a pattern is tried only on strings a CRD's maxLength
    // allows, or up to this length when it sets none, so a 3 MiB value cannot overflow the stack
    private static final int MAX_PATTERN_INPUT = 4096;

    private final JsonNode schema;
    private final Map<String, Pattern> patterns = new java.util.HashMap<>();

    /** @param schema a version's {@code schema.openAPIV3Schema} */
    CrdSchemaCheck(JsonNode schema) {
        this.schema = schema;
    }

    List<Violation> check(JsonNode object) {
        List<Violation> errors = new ArrayList<>();
        walk(object, schema, FieldPath.ROOT, errors, true);
        return errors;
    }

    /** Whether {@code value} passes {@code sub}, a value validation (oneOf, anyOf, allOf, not) inside the schema. */
    private boolean passes(JsonNode value, JsonNode sub, FieldPath path) {
        List<Violation> scratch = new ArrayList<>();
        walk(value, sub, path, scratch, false);
        return scratch.isEmpty();
    }

    private void walk(JsonNode value, JsonNode s, FieldPath path, List<Violation> errors, boolean structural) {
        if (value.isNull()) {
            if (!s.path("nullable").asBoolean(false) && s.has("type")) {
                errors.add(typeError(path, s.get("type").asText(), value));
            }
            return;
        }
        if (!SchemaValues.hasType(value, s)) {
            errors.add(typeError(path, s.get("type").asText(), value));
            return;
        }
        if (s.has("enum") && !contains(s.get("enum"), value)) {
            errors.add(new Violation(path.text(), "Unsupported value: " + SchemaValues.quoted(value)
                    + ": supported values: " + SchemaValues.list(s.get("enum"))));
        }
        if (value.isTextual()) {
            string(value.textValue(), s, path, errors);
        } else if (value.isArray()) {
            array(value, s, path, errors, structural);
        } else if (value.isObject()) {
            object(value, s, path, errors, structural);
        }
        valueValidations(value, s, path, errors);
        for (JsonNode rule : s.path("x-kubernetes-validations")) {
            CelRules.find(rule.path("rule").asText()).filter(r -> !r.test(value)).ifPresent(r -> errors.add(
                    new Violation(path.text(), "Invalid value: \"" + SchemaValues.typeName(value) + "\": "
                            + rule.path("message").asText("failed rule: " + rule.path("rule").asText()))));
        }
    }

    private void string(String text, JsonNode s, FieldPath path, List<Violation> errors) {
        int length = text.codePointCount(0, text.length());
        if (s.has("maxLength") && length > s.get("maxLength").asLong()) {
            errors.add(new Violation(path.text(), "Too long: may not be more than " + s.get("maxLength").asLong() + " bytes"));
        }
        if (s.has("minLength") && length < s.get("minLength").asLong()) {
            errors.add(invalid(path, "\"" + text + "\"", "should be at least " + s.get("minLength").asLong() + " chars long"));
        }
        long patternLimit = s.has("maxLength") ? s.get("maxLength").asLong() : MAX_PATTERN_INPUT;
        if (s.has("pattern") && length <= patternLimit) {
            String pattern = s.get("pattern").asText();
            if (!patterns.computeIfAbsent(pattern, Pattern::compile).matcher(text).find()) {
                errors.add(invalid(path, "\"" + text + "\"", "should match '" + pattern + "'"));
            }
        }
    }

    private void array(JsonNode list, JsonNode s, FieldPath path, List<Violation> errors, boolean structural) {
        if (s.has("maxItems") && list.size() > s.get("maxItems").asLong()) {
            errors.add(new Violation(path.text(), "Too many: " + list.size() + ": must have at most " + s.get("maxItems").asLong() + " items"));
        }
        if (s.has("minItems") && list.size() < s.get("minItems").asLong()) {
            errors.add(invalid(path, Integer.toString(list.size()), "should have at least " + s.get("minItems").asLong() + " items"));
        }
        JsonNode items = s.get("items");
        if (items != null && items.isObject()) {
            for (int i = 0; i < list.size(); i++) {
                walk(list.get(i), items, path.index(i), errors, structural);
            }
        }
    }

    private void object(JsonNode object, JsonNode s, FieldPath path, List<Violation> errors, boolean structural) {
        if (s.has("maxProperties") && object.size() > s.get("maxProperties").asLong()) {
            errors.add(new Violation(path.text(), "Too many: " + object.size() + ": must have at most "
                    + s.get("maxProperties").asLong() + " items"));
        }
        if (s.has("minProperties") && object.size() < s.get("minProperties").asLong()) {
            errors.add(invalid(path, Integer.toString(object.size()), "should have at least "
                    + s.get("minProperties").asLong() + " properties"));
        }
        for (JsonNode required : s.path("required")) {
            JsonNode field = object.get(required.asText());
            if (field == null || field.isNull()) {
                errors.add(new Violation(path.field(required.asText()).text(), "Required value"));
            }
        }
        JsonNode properties = s.path("properties");
        JsonNode additional = s.get("additionalProperties");
        boolean preserve = s.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)
                || additional != null && additional.isBoolean() && additional.booleanValue();
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            String name = field.getKey();
            JsonNode fieldSchema = properties.get(name);
            if (fieldSchema != null) {
                // the API server prunes nulls of fields that are not nullable before it validates
                if (!field.getValue().isNull() || fieldSchema.path("nullable").asBoolean(false)) {
                    walk(field.getValue(), fieldSchema, path.field(name), errors, structural);
                }
            } else if (additional != null && additional.isObject()) {
                walk(field.getValue(), additional, path.key(name), errors, structural);
            } else if (structural && !preserve && !(path.isRoot() && IMPLICIT_ROOT_FIELDS.contains(name))) {
                FieldPath unknown = path.field(name);
                errors.add(new Violation(unknown.text(), "unknown field \"" + unknown.text() + "\""));
            }
        }
    }

    /** oneOf, anyOf, allOf and not: in a structural schema they only restrict values, never declare fields. */
    private void valueValidations(JsonNode value, JsonNode s, FieldPath path, List<Violation> errors) {
        if (s.has("allOf") && !all(value, s.get("allOf"), path)) {
            errors.add(invalid(path, value, "must validate all the schemas (allOf)"));
        }
        if (s.has("anyOf") && count(value, s.get("anyOf"), path) == 0) {
            errors.add(invalid(path, value, "must validate at least one schema (anyOf)"));
        }
        if (s.has("oneOf") && count(value, s.get("oneOf"), path) != 1) {
            errors.add(invalid(path, value, "must validate one and only one schema (oneOf)"));
        }
        if (s.has("not") && passes(value, s.get("not"), path)) {
            errors.add(invalid(path, value, "must not validate the schema (not)"));
        }
    }

    private boolean all(JsonNode value, JsonNode schemas, FieldPath path) {
        for (JsonNode sub : schemas) {
            if (!passes(value, sub, path)) {
                return false;
            }
        }
        return true;
    }

    private int count(JsonNode value, JsonNode schemas, FieldPath path) {
        int passing = 0;
        for (JsonNode sub : schemas) {
            passing += passes(value, sub, path) ? 1 : 0;
        }
        return passing;
    }

    private static boolean contains(JsonNode allowed, JsonNode value) {
        for (JsonNode candidate : allowed) {
            if (candidate.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static Violation typeError(FieldPath path, String type, JsonNode value) {
        String found = SchemaValues.typeName(value);
        return new Violation(path.text(), "Invalid value: \"" + found + "\": " + where(path) + " in body must be of type "
                + type + ": \"" + found + "\"");
    }

    private static Violation invalid(FieldPath path, JsonNode value, String detail) {
        return invalid(path, "\"" + SchemaValues.typeName(value) + "\"", detail);
    }

    private static Violation invalid(FieldPath path, String shown, String detail) {
        return new Violation(path.text(), "Invalid value: " + shown + ": " + where(path) + " in body " + detail);
    }

    private static String where(FieldPath path) {
        return path.text().isEmpty() ? "<root>" : path.text();
    }
}
