package dev.bollard.proxy.authz;

import java.util.List;

/**
 * The AuthorizationPolicies that select this workload, compiled once per feed snapshot and asked
 * per connection or per request, in Istio's order (CUSTOM, DENY, ALLOW). Pure and thread-safe.
 */
public interface Authorizer {
    /** No policy selects the workload: everything is allowed. */
    Authorizer NONE = new Authorizer() {
        @Override
        public AuthzDecision connection(ConnectionAttributes connection) {
            return AuthzDecision.NO_POLICY;
        }

        @Override
        public AuthzDecision request(ConnectionAttributes connection, RequestAttributes request) {
            return AuthzDecision.NO_POLICY;
        }

        @Override
        public boolean isEmpty() {
            return true;
        }
    };

    /**
     * A connection that is not HTTP: rules with HTTP-only fields follow Istio's TCP rule (an ALLOW
     * rule with them never matches, a DENY rule is applied without them).
     */
    AuthzDecision connection(ConnectionAttributes connection);

    /** One HTTP request on a connection. */
    AuthzDecision request(ConnectionAttributes connection, RequestAttributes request);

    /** True when no policy selects the workload (nothing to decide). */
    boolean isEmpty();

    /**
     * What compiling the policies left out, as istiod would have (a rule it skips, a value it
     * drops), one line each naming the field: for the proxy's log when the snapshot is applied.
     */
    default List<String> skipped() {
        return List.of();
    }
}
