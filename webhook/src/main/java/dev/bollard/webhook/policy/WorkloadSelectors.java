package dev.bollard.webhook.policy;

import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code selector.matchLabels} as istiod and the CRD's CEL rules check it: no empty key, no
 * {@code *} in keys or values (selectors match labels exactly), values at most 63 characters.
 */
final class WorkloadSelectors {
    static final String SELECTOR = "selector";
    static final String MATCH_LABELS = "matchLabels";
    private static final int MAX_LABEL_VALUE = 63;

    private WorkloadSelectors() {
    }

    /** True when the selector names at least one label. */
    static boolean hasLabels(JsonNode spec) {
        JsonNode labels = spec.path(SELECTOR).path(MATCH_LABELS);
        return labels.isObject() && !labels.isEmpty();
    }

    static void check(JsonNode selectorNode, FieldPath path, Findings findings) {
        Nodes.object(selectorNode, path, findings).ifPresent(selector -> {
            Nodes.onlyKnown(selector, path, Set.of(MATCH_LABELS), findings);
            FieldPath labelsPath = path.field(MATCH_LABELS);
            Nodes.object(selector.get(MATCH_LABELS), labelsPath, findings).ifPresent(labels -> {
                for (Map.Entry<String, JsonNode> label : labels.properties()) {
                    checkLabel(label.getKey(), label.getValue(), labelsPath.key(label.getKey()), findings);
                }
            });
            JsonNode labels = selector.get(MATCH_LABELS);
            if (Nodes.absent(labels) || labels.isObject() && labels.isEmpty()) {
                findings.warn(path, "workload selector specified without labels; the policy applies to every workload in the namespace");
            }
        });
    }

    private static void checkLabel(String key, JsonNode value, FieldPath path, Findings findings) {
        if (key.isEmpty()) {
            findings.error(path, "label key must not be empty");
        } else if (key.contains("*")) {
            findings.error(path, "wildcard is not supported in selector label keys");
        }
        Nodes.string(value, path, findings).ifPresent(v -> {
            if (v.contains("*")) {
                findings.error(path, "wildcard is not supported in selector label values (\"" + v + "\")");
            } else if (v.length() > MAX_LABEL_VALUE) {
                findings.error(path, "label value must be at most " + MAX_LABEL_VALUE + " characters");
            }
        });
    }
}
