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

    boolean matches(Facts facts, boolean tcp) {
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).matches(facts, tcp, action)) {
                return true;
            }
        }
        return false;
    }
}
