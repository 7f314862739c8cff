package dev.bollard.proxy.authz;

import java.util.List;
import java.util.Objects;

import dev.bollard.proxy.log.ConnectionLogFormat;

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

    /** The reason when an enforced DENY policy matched. */
    public static final String MATCHED_DENY = "matched DENY policy";
    /** The reason when an enforced ALLOW policy matched. */
    public static final String MATCHED_ALLOW = "matched ALLOW policy";
    /** The reason when ALLOW policies apply and none matched (policy ""). */
    public static final String NO_ALLOW_MATCHED = "no ALLOW policy matched";

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

    /**
     * The decision as fields of a log line, escaped as the connection log escapes (policy names
     * and reasons may carry what users wrote), e.g.
     * {@code rbac=deny rbac_policy=demo/deny-admin},
     * {@code rbac=deny rbac_policy=- rbac_reason="no ALLOW policy matched (demo/allow-a)"},
     * {@code rbac=allow rbac_policy=demo/allow-a rbac_shadow="dry-run deny demo/x"}. The reason is
     * written when it says more than the verdict and policy do. {@link #NO_POLICY} renders as "".
     */
    public String logFields() {
        if (policy.isEmpty() && reason.equals(NO_POLICY.reason) && shadow.isEmpty()) {
            return "";
        }
        StringBuilder line = new StringBuilder(64)
                .append("rbac=").append(allowed() ? "allow" : "deny")
                .append(" rbac_policy=").append(policy.isEmpty() ? "-" : ConnectionLogFormat.bare(policy));
        if (policy.isEmpty() || !reason.equals(MATCHED_DENY) && !reason.equals(MATCHED_ALLOW)) {
            line.append(" rbac_reason=\"").append(ConnectionLogFormat.quoted(reason)).append('"');
        }
        if (!shadow.isEmpty()) {
            line.append(" rbac_shadow=\"").append(ConnectionLogFormat.quoted(String.join("; ", shadow))).append('"');
        }
        return line.toString();
    }
}
