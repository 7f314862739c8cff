package dev.bollard.webhook.policy;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A list of strings where every entry must be non-empty (istiod's {@code CheckEmptyValues}) and is
 * judged by one {@link ValueRule}: its refusal is an error, its advice a warning.
 */
final class ValueLists {
    private ValueLists() {
    }

    static List<Nodes.Item> check(JsonNode node, FieldPath path, Findings findings, ValueRule rule) {
        List<Nodes.Item> items = Nodes.strings(node, path, findings);
        for (Nodes.Item item : items) {
            if (item.value().isEmpty()) {
                findings.error(item.path(), "must not be empty");
                continue;
            }
            var refusal = rule.refusal().apply(item.value());
            if (refusal.isPresent()) {
                findings.error(item.path(), refusal.get());
            } else {
                rule.advice().apply(item.value()).ifPresent(message -> findings.warn(item.path(), message));
            }
        }
        return items;
    }
}
