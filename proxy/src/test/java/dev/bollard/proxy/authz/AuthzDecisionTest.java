package dev.bollard.proxy.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.bollard.proxy.authz.AuthzDecision.Verdict;

class AuthzDecisionTest {
    @Test
    void noPolicyLogsNothing() {
        assertEquals("", AuthzDecision.NO_POLICY.logFields());
    }

    @Test
    void aMatchedPolicyNeedsNoReason() {
        assertEquals("rbac=allow rbac_policy=demo/allow-a",
                new AuthzDecision(Verdict.ALLOW, "demo/allow-a", AuthzDecision.MATCHED_ALLOW, List.of()).logFields());
        assertEquals("rbac=deny rbac_policy=demo/deny-admin",
                new AuthzDecision(Verdict.DENY, "demo/deny-admin", AuthzDecision.MATCHED_DENY, List.of()).logFields());
    }

    @Test
    void noDecidingPolicyIsADashWithTheReason() {
        assertEquals("rbac=deny rbac_policy=- rbac_reason=\"no ALLOW policy matched\"",
                new AuthzDecision(Verdict.DENY, "", AuthzDecision.NO_ALLOW_MATCHED, List.of()).logFields());
    }

    @Test
    void shadowNotesAreOneQuotedField() {
        assertEquals("rbac=allow rbac_policy=demo/a rbac_shadow=\"dry-run deny demo/x; audit demo/y\"",
                new AuthzDecision(Verdict.ALLOW, "demo/a", AuthzDecision.MATCHED_ALLOW, List.of("dry-run deny demo/x", "audit demo/y"))
                        .logFields());
    }

    @Test
    void escapesWhatCouldForgeALine() {
        AuthzDecision d = new AuthzDecision(Verdict.DENY, "demo/a b\"", "provider \"x\"\n is \\ gone", List.of("audit demo/\u0007"));
        assertEquals("rbac=deny rbac_policy=demo/a\\u0020b\\u0022 rbac_reason=\"provider \\\"x\\\"\\u000a is \\\\ gone\" rbac_shadow=\"audit demo/\\u0007\"",
                d.logFields());
    }
}
