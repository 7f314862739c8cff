package dev.bollard.webhook.mesh;

import java.util.Collection;
import java.util.List;

/**
 * Which AuthorizationPolicies a sidecar enforces, as istiod's {@code ListAuthorizationPolicies}
 * picks them: policies of the root namespace and of the pod's own namespace, each applying when it
 * has no selector or when all of its {@code matchLabels} are on the pod. Unlike PeerAuthentication,
 * a selector policy in the root namespace applies to matching pods of every namespace. A policy with
 * {@code targetRef}/{@code targetRefs} is ignored altogether: istiod attaches those only to
 * waypoints and Gateway API gateways (its {@code ShouldAttachPolicy}), and a Bollard proxy is a sidecar.
 */
public final class AuthorizationPolicySelection {
    private final String rootNamespace;

    public AuthorizationPolicySelection(String rootNamespace) {
        this.rootNamespace = rootNamespace;
    }

    /** In the order of {@code policies} (the state's: namespace/name). */
    public List<AuthorizationPolicySpec> forPod(MeshPod pod, Collection<AuthorizationPolicySpec> policies) {
        return policies.stream()
                .filter(p -> p.namespace().equals(rootNamespace) || p.namespace().equals(pod.namespace()))
                .filter(p -> !p.targeted() && p.selects(pod.labels()))
                .toList();
    }
}
