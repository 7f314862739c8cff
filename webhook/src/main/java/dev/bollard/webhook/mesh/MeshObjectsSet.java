package dev.bollard.webhook.mesh;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Pods, PeerAuthentications, Services, EndpointSlices and AuthorizationPolicies read from one place (a file, an informer cache). */
public record MeshObjectsSet(List<MeshPod> pods, List<PeerAuthenticationSpec> policies, List<MeshService> services,
        List<MeshEndpointSlice> slices, List<AuthorizationPolicySpec> authorizationPolicies) {
    public static final MeshObjectsSet EMPTY = new MeshObjectsSet(List.of(), List.of());

    public MeshObjectsSet {
        pods = List.copyOf(pods);
        policies = List.copyOf(policies);
        services = List.copyOf(services);
        slices = List.copyOf(slices);
        authorizationPolicies = List.copyOf(authorizationPolicies);
    }

    /** Without AuthorizationPolicies. */
    public MeshObjectsSet(List<MeshPod> pods, List<PeerAuthenticationSpec> policies, List<MeshService> services,
            List<MeshEndpointSlice> slices) {
        this(pods, policies, services, slices, List.of());
    }

    /** Pods and policies only. */
    public MeshObjectsSet(List<MeshPod> pods, List<PeerAuthenticationSpec> policies) {
        this(pods, policies, List.of(), List.of());
    }

    public static MeshObjectsSet union(Collection<MeshObjectsSet> parts) {
        List<MeshPod> pods = new ArrayList<>();
        List<PeerAuthenticationSpec> policies = new ArrayList<>();
        List<MeshService> services = new ArrayList<>();
        List<MeshEndpointSlice> slices = new ArrayList<>();
        List<AuthorizationPolicySpec> authorizationPolicies = new ArrayList<>();
        for (MeshObjectsSet part : parts) {
            pods.addAll(part.pods());
            policies.addAll(part.policies());
            services.addAll(part.services());
            slices.addAll(part.slices());
            authorizationPolicies.addAll(part.authorizationPolicies());
        }
        return new MeshObjectsSet(pods, policies, services, slices, authorizationPolicies);
    }
}
