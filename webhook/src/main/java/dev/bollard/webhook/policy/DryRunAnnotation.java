package dev.bollard.webhook.policy;

import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * istiod's {@code istio.io/dry-run} rule: only an ALLOW or DENY AuthorizationPolicy may carry
 * it, with a boolean value (Go's strconv.ParseBool spellings).
 */
final class DryRunAnnotation {
    static final String NAME = "istio.io/dry-run";
    private static final Set<String> BOOLEANS = Set.of("1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False");

    private DryRunAnnotation() {
    }

    static void check(PolicyDocument doc, Findings findings) {
        JsonNode value = doc.object().path("metadata").path("annotations").get(NAME);
        if (value == null) {
            return;
        }
        FieldPath path = FieldPath.ROOT.field("metadata").field("annotations").key(NAME);
        if (doc.kind() != PolicyKind.AUTHORIZATION_POLICY) {
            findings.error(path, "only supported on AuthorizationPolicy; remove the annotation");
            return;
        }
        Optional<Action> action = actionOf(doc.object().path("spec").path(AuthorizationPolicyValidator.ACTION));
        action.filter(a -> a != Action.ALLOW && a != Action.DENY).ifPresent(a ->
                findings.error(path, "only supported with action ALLOW or DENY, found " + a));
        if (!value.isTextual() || !BOOLEANS.contains(value.textValue())) {
            findings.error(path, "must be \"true\" or \"false\", found " + value);
        }
    }

    private static Optional<Action> actionOf(JsonNode action) {
        return action.isMissingNode() || action.isNull() ? Optional.of(Action.ALLOW)
                : action.isTextual() ? Action.parse(action.textValue()) : Optional.empty();
    }
}
