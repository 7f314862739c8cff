package dev.bollard.webhook.ops;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MatchCondition;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;

/**
 * Evaluates a webhook's selectors the way the API server does, so tests can ask "would this pod in
 * this namespace reach the webhook?" instead of comparing YAML text.
 */
final class Selectors {
    /** The only CEL shape the manifests use; anything else is rejected so the test cannot lie. */
    private static final Pattern NAMESPACE_NOT_EQUAL = Pattern.compile("request\\.namespace != '([a-z0-9-]+)'");

    private Selectors() {
    }

    static boolean reaches(MutatingWebhook webhook, String namespace, Map<String, String> namespaceLabels,
            Map<String, String> podLabels) {
        return matches(webhook.getNamespaceSelector(), namespaceLabels)
                && matches(webhook.getObjectSelector(), podLabels)
                && conditionsHold(webhook.getMatchConditions(), namespace);
    }

    /** Would a policy write in this namespace reach the validating webhook? (no objectSelector used) */
    static boolean reaches(io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook webhook,
            String namespace, Map<String, String> namespaceLabels) {
        if (webhook.getObjectSelector() != null) {
            throw new AssertionError(webhook.getName() + ": an objectSelector would see the policy's labels; not modelled");
        }
        return matches(webhook.getNamespaceSelector(), namespaceLabels) && conditionsHold(webhook.getMatchConditions(), namespace);
    }

    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return true;
        }
        if (selector.getMatchLabels() != null) {
            for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
                if (!e.getValue().equals(labels.get(e.getKey()))) {
                    return false;
                }
            }
        }
        List<LabelSelectorRequirement> expressions = selector.getMatchExpressions();
        return expressions == null || expressions.stream().allMatch(r -> matches(r, labels));
    }

    private static boolean matches(LabelSelectorRequirement r, Map<String, String> labels) {
        String value = labels.get(r.getKey());
        return switch (r.getOperator()) {
            case "In" -> value != null && r.getValues().contains(value);
            case "NotIn" -> value == null || !r.getValues().contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            default -> throw new AssertionError("unknown selector operator " + r.getOperator());
        };
    }

    private static boolean conditionsHold(List<MatchCondition> conditions, String namespace) {
        if (conditions == null) {
            return true;
        }
        for (MatchCondition c : conditions) {
            Matcher m = NAMESPACE_NOT_EQUAL.matcher(c.getExpression().trim());
            if (!m.matches()) {
                throw new AssertionError("matchCondition " + c.getName() + " has an expression this test cannot evaluate: "
                        + c.getExpression());
            }
            if (namespace.equals(m.group(1))) {
                return false;
            }
        }
        return true;
    }
}
