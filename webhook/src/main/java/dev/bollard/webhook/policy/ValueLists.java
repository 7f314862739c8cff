package dev.bollard.webhook.policy;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

/** A list of strings where every entry must be non-empty and pass one value check. */
final class ValueLists {
    static final Function<String, Optional<String>> WILDCARD_ONLY = Wildcards::checkPosition;

    private ValueLists() {
    }

    static List<Nodes.Item> check(JsonNode node, FieldPath path, Findings findings, Function<String, Optional<String>> check) {
        List<Nodes.Item> items = Nodes.strings(node, path, findings);
        for (Nodes.Item item : items) {
            if (item.value().isEmpty()) {
                findings.error(item.path(), "must not be empty");
            } else {
                check.apply(item.value()).ifPresent(message -> findings.error(item.path(), message));
            }
        }
        return items;
    }
}
