package dev.bollard.proxy.authz;

import java.util.ArrayList;
import java.util.List;

import dev.bollard.proxy.authz.AuthzDecision.Verdict;

/**
 * The compiled {@link Authorizer}: Envoy's filter order as istiod builds it, CUSTOM, then AUDIT,
 * then DENY, then ALLOW, each stage only reached when the one before did not deny. Within a stage
 * the dry-run (shadow) rules are evaluated next to the enforced ones and only reported, each stage
 * naming its first matching policy as Envoy's shadow_effective_policy_id does. Once any enforced
 * ALLOW policy exists, a request no ALLOW rule matches is denied. Immutable; a decision walks the
 * rules once and allocates only itself (and its notes, if any).
 */
final class PolicyEngine implements Authorizer {
    static final String NO_MATCH = "no policy matched";

    private final Stage custom;
    private final Stage audit;
    private final Stage deny;
    private final Stage allow;
    private final List<String> skipped;
    private final String noAllowMatched;

    PolicyEngine(List<CompiledPolicy> policies, List<String> skipped) {
        this.noAllowMatched = noAllowMatched(policies);
        this.custom = new Stage(policies, Action.CUSTOM);
        this.audit = new Stage(policies, Action.AUDIT);
        this.deny = new Stage(policies, Action.DENY);
        this.allow = new Stage(policies, Action.ALLOW);
        this.skipped = List.copyOf(skipped);
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
        note(shadow, "dry-run deny ", custom.dryRun(facts, tcp)); // what it would do: fail closed too
        CompiledPolicy hit = custom.enforced(facts, tcp);
        if (hit != null) {
            return new AuthzDecision(Verdict.DENY, hit.name(), unavailable(hit.provider()), shadow);
        }
        note(shadow, "dry-run audit ", audit.dryRun(facts, tcp));
        note(shadow, "audit ", audit.enforced(facts, tcp));
        note(shadow, "dry-run deny ", deny.dryRun(facts, tcp));
        hit = deny.enforced(facts, tcp);
        if (hit != null) {
            return new AuthzDecision(Verdict.DENY, hit.name(), AuthzDecision.MATCHED_DENY, shadow);
        }
        if (allow.hasDryRun()) {
            CompiledPolicy would = allow.dryRun(facts, tcp);
            // Envoy's shadow ALLOW engine holds only the dry-run policies: none matched, it denies
            shadow.add(would != null ? "dry-run allow " + would.name() : "dry-run deny (no dry-run ALLOW policy matched)");
        }
        hit = allow.enforced(facts, tcp);
        if (hit != null) {
            return new AuthzDecision(Verdict.ALLOW, hit.name(), AuthzDecision.MATCHED_ALLOW, shadow);
        }
        return allow.hasEnforced() ? new AuthzDecision(Verdict.DENY, "", noAllowMatched, shadow)
                : new AuthzDecision(Verdict.ALLOW, "", NO_MATCH, shadow);
    }

    /**
     * The reason of a default deny, naming the enforced ALLOW policies that applied (up to three):
     * no single policy decided, but whoever reads the refusal must find the policies to change.
     */
    private static String noAllowMatched(List<CompiledPolicy> policies) {
        List<String> names = policies.stream().filter(p -> p.action() == Action.ALLOW && !p.dryRun())
                .map(CompiledPolicy::name).toList();
        if (names.isEmpty()) {
            return AuthzDecision.NO_ALLOW_MATCHED;
        }
        String listed = String.join(", ", names.subList(0, Math.min(3, names.size())));
        return AuthzDecision.NO_ALLOW_MATCHED + " (" + listed + (names.size() > 3 ? " and " + (names.size() - 3) + " more" : "") + ")";
    }

    private static void note(List<String> shadow, String what, CompiledPolicy policy) {
        if (policy != null) {
            shadow.add(what + policy.name());
        }
    }

    /** CUSTOM has no ext_authz provider in Bollard: istiod's answer to a missing provider is deny. */
    static String unavailable(String provider) {
        return "ext_authz provider " + (provider.isEmpty() ? "(none)" : provider) + " is unavailable";
    }
}
