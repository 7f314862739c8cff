package dev.bollard.webhook.policy;

import java.util.Optional;
import java.util.function.Function;

/**
 * How one value of a policy list is judged. istiod refuses few values (bad addresses, ports,
 * service accounts, trust domains, path templates); everything else it accepts and the proxy
 * matches as written. A value we think suspicious but istiod takes is advice: a warning at the
 * same path, never a refusal, so a policy that works under Istio is never blocked here.
 */
record ValueRule(Function<String, Optional<String>> refusal, Function<String, Optional<String>> advice) {
    private static final Function<String, Optional<String>> NOTHING = v -> Optional.empty();

    /** Any non-empty value is taken as it is. */
    static final ValueRule ANY = new ValueRule(NOTHING, NOTHING);
    /** Any non-empty value is taken; a {@code *} that is not a wildcard gets a warning. */
    static final ValueRule LITERAL_STARS = advise(Wildcards::checkPosition);

    static ValueRule refuse(Function<String, Optional<String>> refusal) {
        return new ValueRule(refusal, NOTHING);
    }

    static ValueRule advise(Function<String, Optional<String>> advice) {
        return new ValueRule(NOTHING, advice);
    }
}
