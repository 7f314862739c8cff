package dev.bollard.webhook.policy;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * AuthorizationPolicy rules at spec level, after istiod's {@code ValidateAuthorizationPolicy}:
 * action enum, provider only with CUSTOM and CUSTOM only with a named provider, DENY/CUSTOM need
 * rules, one of selector/targetRef/targetRefs; each rule goes to {@link RuleChecks}.
 */
final class AuthorizationPolicyValidator {
    static final String ACTION = "action";
    static final String PROVIDER = "provider";
    static final String RULES = "rules";
    static final String EMPTY_RULE_ADVICE = "add an empty rule (rules: [{}]) to trigger it for every request";
    static final int MAX_RULES = 512;

    private final PolicySettings settings;

    AuthorizationPolicyValidator(PolicySettings settings) {
        this.settings = settings;
    }

    void validate(ObjectNode spec, Findings findings) {
        FieldPath path = FieldPath.SPEC;
        Optional<Action> action = actionOf(spec);
        long targets = Set.of(WorkloadSelectors.SELECTOR, TargetRefs.TARGET_REF).stream().filter(f -> Nodes.has(spec, f)).count()
                + (Nodes.nonEmptyList(spec, TargetRefs.TARGET_REFS) ? 1 : 0);
        if (targets > 1) {
            findings.error(path, "only one of selector, targetRef or targetRefs can be set");
        }
        for (Map.Entry<String, JsonNode> field : spec.properties()) {
            FieldPath fieldPath = path.field(field.getKey());
            JsonNode value = field.getValue();
            switch (field.getKey()) {
                case ACTION -> Nodes.string(value, fieldPath, findings).filter(a -> Action.parse(a).isEmpty())
                        .ifPresent(a -> findings.error(fieldPath, "unsupported value \"" + a + "\"; must be one of " + Action.NAMES));
                case PROVIDER -> checkProvider(value, fieldPath, action, findings);
                case RULES -> checkRules(value, fieldPath, action, findings);
                case WorkloadSelectors.SELECTOR -> WorkloadSelectors.check(value, fieldPath, findings);
                case TargetRefs.TARGET_REF -> TargetRefs.check(value, fieldPath, findings);
                case TargetRefs.TARGET_REFS -> TargetRefs.checkList(value, fieldPath, findings);
                default -> findings.error(fieldPath, "unknown field \"" + field.getKey() + "\"");
            }
        }
        if (action.equals(Optional.of(Action.CUSTOM)) && !Nodes.has(spec, PROVIDER)) {
            findings.error(path.field(PROVIDER), "required with action CUSTOM (name the extension provider)");
        }
        if (action.filter(Action::needsRules).isPresent() && Nodes.absent(spec.get(RULES))) {
            findings.error(path.field(RULES), noRulesMessage(action.get()));
        }
    }

    /** The action, ALLOW when absent; empty when it is not a valid action. */
    private static Optional<Action> actionOf(ObjectNode spec) {
        JsonNode action = spec.get(ACTION);
        if (Nodes.absent(action)) {
            return Optional.of(Action.ALLOW);
        }
        return action.isTextual() ? Action.parse(action.textValue()) : Optional.empty();
    }

    private static String noRulesMessage(Action action) {
        return action + " action without rules is meaningless as it will never be triggered; " + EMPTY_RULE_ADVICE;
    }

    private static void checkProvider(JsonNode node, FieldPath path, Optional<Action> action, Findings findings) {
        Nodes.object(node, path, findings).ifPresent(provider -> {
            Nodes.onlyKnown(provider, path, Set.of("name"), findings);
            action.filter(a -> a != Action.CUSTOM).ifPresent(a ->
                    findings.error(path, "only allowed with action CUSTOM, found " + a));
            FieldPath namePath = path.field("name");
            String name = Nodes.string(provider.get("name"), namePath, findings).orElse(null);
            if (name == null && Nodes.absent(provider.get("name")) || name != null && name.isBlank()) {
                findings.error(namePath, "must not be empty");
            }
        });
    }

    private void checkRules(JsonNode node, FieldPath path, Optional<Action> action, Findings findings) {
        Nodes.list(node, path, findings).ifPresent(rules -> {
            if (rules.isEmpty() && action.filter(Action::needsRules).isPresent()) {
                findings.error(path, noRulesMessage(action.get()));
            }
            if (rules.size() > MAX_RULES) {
                findings.error(path, "must have at most " + MAX_RULES + " rules");
            }
            RuleChecks checks = new RuleChecks(action.orElse(Action.ALLOW), settings, findings);
            for (int i = 0; i < rules.size(); i++) {
                checks.check(rules.get(i), path.index(i));
            }
        });
    }
}
