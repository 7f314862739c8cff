package dev.bollard.webhook.policy;

import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The {@code x-kubernetes-validations} CEL rules of the CRDs we ship, as named checks. No CEL
 * library is on our build's dependency list, and these rules only test presence, sizes and
 * substrings, so each is written out once here, keyed by its exact text (whitespace collapsed).
 * {@code CrdSchemaFilesTest} fails when a shipped CRD gains a rule this table does not know; a
 * rule missing here is skipped (the API server still applies it), never guessed.
 */
final class CelRules {
    private static final Map<String, Predicate<JsonNode>> RULES = Map.of(
            "self.all(key, 0 < int(key) && int(key) <= 65535)", self -> allKeys(self, CelRules::isPort),
            "!self.contains(\"*\")", self -> !self.textValue().contains("*"),
            "self.all(key, !key.contains(\"*\"))", self -> allKeys(self, key -> !key.contains("*")),
            "self.all(key, key.size() != 0)", self -> allKeys(self, key -> !key.isEmpty()),
            "self.size() == 0", self -> self.isTextual() ? self.textValue().isEmpty() : self.isEmpty(),
            "has(self.portLevelMtls) ? (((has(self.selector) && has(self.selector.matchLabels)) ? self.selector.matchLabels"
                    + " : {}).size() > 0) : true",
            self -> !has(self, "portLevelMtls") || has(self.path("selector"), "matchLabels")
                    && !self.path("selector").path("matchLabels").isEmpty(),
            "(has(self.serviceAccounts) || has(self.notServiceAccounts)) ? (!has(self.principals) && !has(self.notPrincipals)"
                    + " && !has(self.namespaces) && !has(self.notNamespaces)) : true",
            self -> !(has(self, "serviceAccounts") || has(self, "notServiceAccounts")) || !has(self, "principals")
                    && !has(self, "notPrincipals") && !has(self, "namespaces") && !has(self, "notNamespaces"),
            "(has(self.selector) ? 1 : 0) + (has(self.targetRef) ? 1 : 0) + (has(self.targetRefs) ? 1 : 0) <= 1",
            self -> (has(self, "selector") ? 1 : 0) + (has(self, "targetRef") ? 1 : 0) + (has(self, "targetRefs") ? 1 : 0) <= 1);

    private CelRules() {
    }

    /** The check for a rule's text, when we know it. */
    static Optional<Predicate<JsonNode>> find(String rule) {
        return Optional.ofNullable(RULES.get(normalize(rule)));
    }

    static boolean known(String rule) {
        return RULES.containsKey(normalize(rule));
    }

    private static String normalize(String rule) {
        return rule.strip().replaceAll("\\s+", " ");
    }

    /** CEL's {@code has(self.f)} on an object: the field is there and not null. */
    private static boolean has(JsonNode object, String field) {
        JsonNode value = object.get(field);
        return value != null && !value.isNull();
    }

    private static boolean allKeys(JsonNode map, Predicate<String> test) {
        for (Iterator<String> keys = map.fieldNames(); keys.hasNext(); ) {
            if (!test.test(keys.next())) {
                return false;
            }
        }
        return true;
    }

    /** {@code 0 < int(key) && int(key) <= 65535}; CEL's int() is Go's ParseInt (sign allowed), an error fails the rule. */
    private static boolean isPort(String key) {
        try {
            long port = Long.parseLong(key);
            return port > 0 && port <= 65535;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
