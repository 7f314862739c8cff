package dev.bollard.webhook.policy;

import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One {@code when} condition: a known key with values or notValues, each value fit for the key. */
final class ConditionChecks {
    static final String KEY = "key";
    static final String VALUES = "values";
    static final String NOT_VALUES = "notValues";
    private static final Set<String> FIELDS = Set.of(KEY, VALUES, NOT_VALUES);
    // an ext-authz server (CUSTOM) runs before Istio knows the peer identity or the JWT claims
    private static final Set<String> NOT_WITH_CUSTOM = Set.of(Attributes.SOURCE_NAMESPACE,
            Attributes.SOURCE_SERVICE_ACCOUNT, Attributes.SOURCE_PRINCIPAL);

    private final Action action;
    private final Findings findings;

    ConditionChecks(Action action, Findings findings) {
        this.action = action;
        this.findings = findings;
    }

    void check(ObjectNode condition, FieldPath path) {
        Nodes.onlyKnown(condition, path, FIELDS, findings);
        FieldPath keyPath = path.field(KEY);
        String key = Nodes.string(condition.get(KEY), keyPath, findings).orElse(null);
        if (key == null || key.isEmpty()) {
            if (key != null || Nodes.absent(condition.get(KEY))) {
                findings.error(keyPath, "required");
            }
            return;
        }
        if (!Nodes.nonEmptyList(condition, VALUES) && !Nodes.nonEmptyList(condition, NOT_VALUES)) {
            findings.error(path, "at least one of values or notValues must be set for key " + key);
        }
        Attributes.Rule rule = Attributes.rule(key);
        rule.keyError().ifPresent(message -> findings.error(keyPath, message));
        rule.keyAdvice().ifPresent(message -> findings.warn(keyPath, message));
        if (action == Action.CUSTOM && (NOT_WITH_CUSTOM.contains(key) || key.startsWith(Attributes.REQUEST_AUTH_PREFIX))) {
            findings.error(keyPath, key + " is not supported with action CUSTOM");
        }
        ValueLists.check(condition.get(VALUES), path.field(VALUES), findings, rule.values());
        ValueLists.check(condition.get(NOT_VALUES), path.field(NOT_VALUES), findings, rule.values());
    }
}
