package dev.bollard.proxy.authz;

import java.util.List;

/**
 * One AuthorizationPolicy, compiled. A policy without rules (or whose rules istiod would all skip)
 * matches nothing: an ALLOW one still applies, so it allows nothing.
 *
 * @param name     {@code namespace/name}
 * @param provider the CUSTOM provider's name, "" otherwise
 * @param dryRun   the {@code istio.io/dry-run} annotation: reported, never enforced
 */
record CompiledPolicy(String name, Action action, String provider, boolean dryRun, List<CompiledRule> rules) {
    CompiledPolicy {
        rules = List.copyOf(rules);
    }

    /** Envoy's name for one of this policy's rules, e.g. {@code ns[demo]-policy[allow-a]-rule[0]}. */
    String ruleKey(CompiledRule rule) {
        int slash = name.indexOf('/');
        return "ns[" + name.substring(0, slash) + "]-policy[" + name.substring(slash + 1) + "]-rule[" + rule.index + "]";
    }
}
