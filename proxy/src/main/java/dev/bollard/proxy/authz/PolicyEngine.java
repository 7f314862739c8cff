package dev.bollard.proxy.authz;

import java.util.ArrayList;
import java.util.List;

import dev.bollard.proxy.authz.AuthzDecision.Verdict;

/**
 * The compiled {@link Authorizer}: Envoy's filter order as istiod builds it, CUSTOM, then AUDIT,
 * then DENY, then ALLOW, each stage only reached when the one before did not deny. Within a stage
 * the dry-run (shadow) policies are evaluated next to the enforced ones and only reported. Once any
 * enforced ALLOW policy exists, a request no ALLOW rule matches is denied. Immutable; evaluation
 * walks each policy's rules once and allocates only the decision (and notes, if any).
 */
final class PolicyEngine implements Authorizer {
    static final String NO_MATCH = "no policy matched";

    private final List<CompiledPolicy> custom;
    private final List<CompiledPolicy> audit;
    private final List<CompiledPolicy> deny;
    private final List<CompiledPolicy> allow;
    private final boolean enforcedAllow;
    private final boolean dryRunAllow;
    private final List<String> skipped;

    PolicyEngine(List<CompiledPolicy> policies, List<String> skipped) {
        this.custom = of(policies, Action.CUSTOM);
        this.audit = of(policies, Action.AUDIT);
        this.deny = of(policies, Action.DENY);
        this.allow = of(policies, Action.ALLOW);
        this.enforcedAllow = allow.stream().anyMatch(p -> !p.dryRun());
        this.dryRunAllow = allow.stream().anyMatch(CompiledPolicy::dryRun);
        this.skipped = List.copyOf(skipped);
    }

    private static List<CompiledPolicy> of(List<CompiledPolicy> policies, Action action) {
        return policies.stream().filter(p -> p.action() == action).toList();
    }

    @Override
    public AuthzDecision connection(ConnectionAttributes connection) {
        return decide(new Facts(connection, null), true);
    }

    @Override
    public AuthzDecision request(ConnectionAttributes connection, RequestAttributes request) {
        return decide(new Facts(connection, request), false);
    }

    @Override
    public boolean isEmpty() {
        return false;
    }

    @Override
    public List<String> skipped() {
        return skipped;
    }

    private AuthzDecision decide(Facts facts, boolean tcp) {
        List<String> shadow = new ArrayList<>(0);
        CompiledPolicy hit = stage(custom, facts, tcp, shadow, "deny");
        if (hit != null) {
            return new AuthzDecision(Verdict.DENY, hit.name(), unavailable(hit.provider()), shadow);
        }
        for (CompiledPolicy p : audit) {
            if (p.matches(facts, tcp)) {
                shadow.add((p.dryRun() ? "dry-run audit " : "audit ") + p.name());
            }
        }
        hit = stage(deny, facts, tcp, shadow, "deny");
        if (hit != null) {
            return new AuthzDecision(Verdict.DENY, hit.name(), AuthzDecision.MATCHED_DENY, shadow);
        }
        int before = shadow.size();
        hit = stage(allow, facts, tcp, shadow, "allow");
        if (dryRunAllow && shadow.size() == before) {
            // Envoy's shadow ALLOW engine holds only the dry-run policies: none matched, it denies
            shadow.add("dry-run deny (no dry-run ALLOW policy matched)");
        }
        if (hit != null) {
            return new AuthzDecision(Verdict.ALLOW, hit.name(), AuthzDecision.MATCHED_ALLOW, shadow);
        }
        return enforcedAllow ? new AuthzDecision(Verdict.DENY, "", AuthzDecision.NO_ALLOW_MATCHED, shadow)
                : new AuthzDecision(Verdict.ALLOW, "", NO_MATCH, shadow);
    }

    /**
     * One stage (one Envoy RBAC filter): notes the first matching dry-run policy, as the shadow
     * engine reports one effective policy, and returns the first matching enforced policy.
     */
    private static CompiledPolicy stage(List<CompiledPolicy> policies, Facts facts, boolean tcp, List<String> shadow,
                                        String verb) {
        CompiledPolicy enforced = null;
        boolean noted = false;
        for (int i = 0; i < policies.size(); i++) {
            CompiledPolicy p = policies.get(i);
            if (p.dryRun() ? noted : enforced != null) {
                continue;
            }
            if (!p.matches(facts, tcp)) {
                continue;
            }
            if (p.dryRun()) {
                shadow.add("dry-run " + verb + " " + p.name());
                noted = true;
            } else {
                enforced = p;
            }
        }
        return enforced;
    }

    /** CUSTOM has no ext_authz provider in Bollard: istiod's answer to a missing provider is deny. */
    static String unavailable(String provider) {
        return "ext_authz provider " + (provider.isEmpty() ? "(none)" : provider) + " is unavailable";
    }
}
