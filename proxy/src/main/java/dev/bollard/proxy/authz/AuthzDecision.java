package dev.bollard.proxy.authz;

import java.util.List;
import java.util.Objects;

/**
 * What AuthorizationPolicy decided for one connection or request, for enforcement and for the log.
 *
 * @param verdict ALLOW or DENY, as enforced
 * @param policy  {@code namespace/name} of the policy that decided; empty when no policy decided
 *                (nothing applies: allowed; ALLOW policies apply but none matched: denied)
 * @param reason  one short phrase for the log line, e.g. {@code "no ALLOW policy matched"}
 * @param shadow  what AUDIT and dry-run policies would have done, one phrase each, e.g.
 *                {@code "dry-run deny demo/deny-admin"}; they never change {@link #verdict}
 */
public record AuthzDecision(Verdict verdict, String policy, String reason, List<String> shadow) {
    public enum Verdict { ALLOW, DENY }

    /** No policy applies to the workload: allowed, nothing to log. */
    public static final AuthzDecision NO_POLICY = new AuthzDecision(Verdict.ALLOW, "", "no policy", List.of());

    public AuthzDecision {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(reason, "reason");
        shadow = List.copyOf(shadow);
    }

    public boolean allowed() {
        return verdict == Verdict.ALLOW;
    }
}
