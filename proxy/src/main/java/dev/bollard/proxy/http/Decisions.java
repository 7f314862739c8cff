package dev.bollard.proxy.http;

import java.util.List;
import java.util.function.Supplier;

import dev.bollard.proxy.authz.AuthzDecision;
import dev.bollard.proxy.authz.AuthzDecision.Verdict;

/** Asking the policy engine without letting its failure become the data plane's. */
public final class Decisions {
    private Decisions() {
    }

    /**
     * The engine's decision, or a deny naming the failure: an authorizer that throws fails closed
     * (a bug must not open what a policy protects), and the log line says why.
     */
    public static AuthzDecision guarded(Supplier<AuthzDecision> decide) {
        try {
            AuthzDecision d = decide.get();
            return d != null ? d : failed("no decision");
        } catch (RuntimeException e) {
            return failed(e.toString());
        }
    }

    private static AuthzDecision failed(String why) {
        return new AuthzDecision(Verdict.DENY, "", "authorization failed: " + why, List.of());
    }
}
