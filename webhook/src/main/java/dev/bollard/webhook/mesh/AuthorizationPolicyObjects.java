package dev.bollard.webhook.mesh;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;

import dev.bollard.webhook.mesh.AuthorizationPolicySpec.Action;

/**
 * Reads an {@link AuthorizationPolicySpec} out of a generic object. Only a missing
 * {@code metadata.name} is refused ({@link IllegalArgumentException}). A spec that cannot be
 * represented (not an object, an unknown action, rules that are not a list of objects, a CUSTOM
 * policy without {@code provider.name}, an unreadable selector or targetRef) would be dropped by
 * istiod, whose typed client cannot decode it, and a dropped DENY policy fails open. Instead it is
 * kept in a fail-safe form, and {@code problem} says why: an ALLOW policy keeps no rules (it
 * matches nothing, so it still denies what no other ALLOW policy allows), a DENY, CUSTOM or
 * unknown action becomes DENY with one empty rule (deny everything, as istiod does for a CUSTOM
 * policy whose provider it cannot find), an AUDIT policy keeps no rules (audit never decides).
 * An unreadable selector selects every pod of the namespace; an unreadable targetRef counts as none.
 */
public final class AuthorizationPolicyObjects {
    public static final String KIND = "AuthorizationPolicy";
    /** istiod reads it with Go's strconv.ParseBool; anything else (or no annotation) is false. */
    public static final String DRY_RUN_ANNOTATION = "istio.io/dry-run";
    private static final Set<String> TRUE = Set.of("1", "t", "T", "TRUE", "true", "True");
    private static final ObjectMapper JSON = new ObjectMapper();

    private AuthorizationPolicyObjects() {
    }

    public static AuthorizationPolicySpec authorizationPolicy(GenericKubernetesResource object) {
        ObjectMeta meta = MeshObjects.meta(object);
        Reading reading = new Reading();
        JsonNode written = JSON.valueToTree(object.getAdditionalProperties().get("spec"));
        boolean readable = written == null || written.isNull() || written.isObject();
        if (!readable) {
            reading.problem("spec must be an object");
        }
        // no spec at all is an ALLOW policy without rules
        JsonNode spec = written != null && written.isObject() ? written : JsonNodeFactory.instance.objectNode();
        Optional<Map<String, String>> selector = selector(spec.get("selector"), reading);
        boolean targeted = targeted(spec, reading);
        Optional<Action> action = readable ? action(spec.get("action"), reading) : Optional.empty(); // unknown: fails as DENY
        String provider = action.filter(Action.CUSTOM::equals).map(a -> provider(spec.get("provider"), reading)).orElse("");
        ArrayNode rules = rules(spec.get("rules"), reading);
        String dryRunValue = meta.getAnnotations() == null ? null : meta.getAnnotations().get(DRY_RUN_ANNOTATION);
        boolean dryRun = dryRunValue != null && TRUE.contains(dryRunValue);
        String namespace = MeshObjects.namespace(meta);
        if (reading.problem.isEmpty()) {
            return new AuthorizationPolicySpec(namespace, meta.getName(), selector, targeted, action.orElseThrow(), provider, dryRun,
                    rules, Optional.empty());
        }
        Action declared = action.orElse(Action.DENY);
        boolean allowsOrAudits = declared == Action.ALLOW || declared == Action.AUDIT;
        ArrayNode safeRules = JsonNodeFactory.instance.arrayNode();
        if (!allowsOrAudits) {
            safeRules.addObject(); // one empty rule: matches every request
        }
        return new AuthorizationPolicySpec(namespace, meta.getName(), selector, targeted, allowsOrAudits ? declared : Action.DENY, "",
                dryRun, safeRules, reading.problem);
    }

    /** The first reason a policy cannot be read as written. */
    private static final class Reading {
        Optional<String> problem = Optional.empty();

        void problem(String reason) {
            if (problem.isEmpty()) {
                problem = Optional.of(reason);
            }
        }
    }

    private static Optional<Map<String, String>> selector(JsonNode selector, Reading reading) {
        if (selector == null || selector.isNull()) {
            return Optional.empty();
        }
        JsonNode matchLabels = selector.isObject() ? selector.get("matchLabels") : null;
        if (!selector.isObject() || matchLabels != null && !matchLabels.isNull() && !matchLabels.isObject()) {
            reading.problem("spec.selector must be an object with matchLabels of strings");
            return Optional.empty();
        }
        Map<String, String> labels = new LinkedHashMap<>();
        if (matchLabels != null) {
            for (Map.Entry<String, JsonNode> label : matchLabels.properties()) {
                if (!label.getValue().isTextual()) {
                    reading.problem("spec.selector.matchLabels." + label.getKey() + " must be a string");
                    return Optional.empty();
                }
                labels.put(label.getKey(), label.getValue().textValue());
            }
        }
        return Optional.of(labels);
    }

    private static boolean targeted(JsonNode spec, Reading reading) {
        JsonNode one = spec.get("targetRef");
        JsonNode many = spec.get("targetRefs");
        if (one != null && !one.isNull() && !one.isObject() || many != null && !many.isNull() && !many.isArray()) {
            reading.problem("spec.targetRef must be an object and spec.targetRefs a list");
            return false;
        }
        return one != null && one.isObject() || many != null && many.isArray() && !many.isEmpty();
    }

    private static Optional<Action> action(JsonNode action, Reading reading) {
        if (action == null || action.isNull()) {
            return Optional.of(Action.ALLOW);
        }
        for (Action known : Action.values()) {
            if (action.isTextual() && known.name().equals(action.textValue())) {
                return Optional.of(known);
            }
        }
        reading.problem("spec.action " + action + " is not ALLOW, DENY, AUDIT or CUSTOM");
        return Optional.empty();
    }

    private static String provider(JsonNode provider, Reading reading) {
        JsonNode name = provider == null ? null : provider.get("name");
        if (name == null || !name.isTextual() || name.textValue().isEmpty()) {
            reading.problem("a CUSTOM policy needs spec.provider.name");
            return "";
        }
        return name.textValue();
    }

    private static ArrayNode rules(JsonNode rules, Reading reading) {
        if (rules == null || rules.isNull()) {
            return JsonNodeFactory.instance.arrayNode();
        }
        if (!rules.isArray()) {
            reading.problem("spec.rules must be a list");
            return JsonNodeFactory.instance.arrayNode();
        }
        for (int i = 0; i < rules.size(); i++) {
            if (!rules.get(i).isObject()) {
                reading.problem("spec.rules[" + i + "] must be an object");
            }
        }
        return (ArrayNode) rules;
    }
}
