package dev.bollard.proxy.testing;

import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

import dev.bollard.proxy.authz.Authorizer;
import dev.bollard.proxy.authz.AuthzDecision;
import dev.bollard.proxy.authz.AuthzDecision.Verdict;
import dev.bollard.proxy.authz.ConnectionAttributes;
import dev.bollard.proxy.authz.RequestAttributes;
import dev.bollard.proxy.state.MeshSnapshot;

/** Stand-ins for the policy engine: each decides one way, named like the Istio policy it imitates. */
public record FakeAuthorizer(Function<ConnectionAttributes, AuthzDecision> tcp,
                             BiFunction<ConnectionAttributes, RequestAttributes, AuthzDecision> http) implements Authorizer {
    public static final AuthzDecision NO_ALLOW_MATCHED = new AuthzDecision(Verdict.DENY, "", AuthzDecision.NO_ALLOW_MATCHED, List.of());

    @Override
    public AuthzDecision connection(ConnectionAttributes connection) {
        return tcp.apply(connection);
    }

    @Override
    public AuthzDecision request(ConnectionAttributes connection, RequestAttributes request) {
        return http.apply(connection, request);
    }

    @Override
    public boolean isEmpty() {
        return false;
    }

    public static AuthzDecision allow(String policy) {
        return new AuthzDecision(Verdict.ALLOW, policy, AuthzDecision.MATCHED_ALLOW, List.of());
    }

    public static AuthzDecision deny(String policy) {
        return new AuthzDecision(Verdict.DENY, policy, AuthzDecision.MATCHED_DENY, List.of());
    }

    /** ALLOW {@code from.source.principals}: the connection's and every request's principal. */
    public static FakeAuthorizer allowPrincipals(String policy, Set<String> principals) {
        Function<ConnectionAttributes, AuthzDecision> byPrincipal = c ->
                c.principal().filter(principals::contains).isPresent() ? allow(policy) : NO_ALLOW_MATCHED;
        return new FakeAuthorizer(byPrincipal, (c, r) -> byPrincipal.apply(c));
    }

    /** DENY {@code to.operation.paths} with prefix {@code prefix}; TCP: the HTTP-only rule does not apply. */
    public static FakeAuthorizer denyPaths(String policy, String prefix) {
        return new FakeAuthorizer(c -> AuthzDecision.NO_POLICY,
                (c, r) -> r.path().startsWith(prefix) ? deny(policy) : AuthzDecision.NO_POLICY);
    }

    /** ALLOW {@code to.operation.methods}; TCP: an ALLOW rule with HTTP fields never matches. */
    public static FakeAuthorizer allowMethods(String policy, Set<String> methods) {
        return new FakeAuthorizer(c -> NO_ALLOW_MATCHED,
                (c, r) -> methods.contains(r.method()) ? allow(policy) : NO_ALLOW_MATCHED);
    }

    /** Installs {@code authorizer} in the proxy's current snapshot (after any other snapshot change). */
    public static void install(Mesh.Proxy proxy, Authorizer authorizer) {
        MeshSnapshot now = proxy.mesh.get();
        proxy.mesh.set(new MeshSnapshot(now.version(), now.self(), now.endpoints(), now.services(), authorizer, now.workload()));
    }
}
