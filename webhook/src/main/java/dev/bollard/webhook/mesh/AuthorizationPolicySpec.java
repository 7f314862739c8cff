package dev.bollard.webhook.mesh;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * An AuthorizationPolicy as the feed needs it. {@code selector} is empty for a policy without
 * {@code selector.matchLabels} (or with an empty one: istiod's subset test then matches every pod).
 * {@code targeted} is true when it names {@code targetRef}/{@code targetRefs}: such a policy is
 * for waypoints and gateways, never a sidecar. {@code rules} is {@code spec.rules} verbatim.
 * {@code problem} says why the policy could not be read as written; it is then already in its
 * fail-safe form ({@link AuthorizationPolicyObjects}).
 */
public record AuthorizationPolicySpec(String namespace, String name, Optional<Map<String, String>> selector, boolean targeted,
        Action action, String provider, boolean dryRun, ArrayNode rules, Optional<String> problem) {

    /** {@code spec.action}; ALLOW when absent. */
    public enum Action { ALLOW, DENY, AUDIT, CUSTOM }

    public AuthorizationPolicySpec {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(problem, "problem");
        selector = selector.filter(labels -> !labels.isEmpty()).map(Map::copyOf);
        rules = rules.deepCopy(); // a JSON tree is mutable; the state it sits in is not
    }

    /** True when every selector label is on the pod, or when there is no selector. */
    public boolean selects(Map<String, String> podLabels) {
        return selector.map(labels -> podLabels.entrySet().containsAll(labels.entrySet())).orElse(true);
    }

    public String ref() {
        return namespace + "/" + name;
    }
}
