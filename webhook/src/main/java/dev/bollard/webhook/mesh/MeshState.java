package dev.bollard.webhook.mesh;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One immutable snapshot of the mesh: every known pod, PeerAuthentication, Service,
 * EndpointSlice and AuthorizationPolicy, each sorted by {@code namespace/name} (one object per name, the first one read
 * wins), and a version that grows with every change of content. {@link MeshModel} replaces it as a whole.
 */
public record MeshState(long version, List<MeshPod> pods, List<PeerAuthenticationSpec> policies, List<MeshService> services,
        List<MeshEndpointSlice> slices, List<AuthorizationPolicySpec> authorizationPolicies) {

    public MeshState {
        authorizationPolicies = List.copyOf(authorizationPolicies);
        pods = List.copyOf(pods);
        policies = List.copyOf(policies);
        services = List.copyOf(services);
        slices = List.copyOf(slices);
    }

    /** Sorted, de-duplicated content at {@code version}. */
    public static MeshState of(long version, MeshObjectsSet objects) {
        return new MeshState(version, unique(objects.pods(), MeshPod::ref), unique(objects.policies(), PeerAuthenticationSpec::ref),
                unique(objects.services(), MeshService::ref), unique(objects.slices(), MeshEndpointSlice::ref),
                unique(objects.authorizationPolicies(), AuthorizationPolicySpec::ref));
    }

    private static <T> List<T> unique(Collection<T> objects, Function<T, String> ref) {
        Map<String, T> byRef = new LinkedHashMap<>();
        objects.stream().sorted(Comparator.comparing(ref)).forEach(o -> byRef.putIfAbsent(ref.apply(o), o));
        return List.copyOf(byRef.values());
    }

    public boolean sameContent(MeshState other) {
        return other != null && pods.equals(other.pods) && policies.equals(other.policies) && services.equals(other.services)
                && slices.equals(other.slices) && authorizationPolicies.equals(other.authorizationPolicies);
    }

    public Optional<MeshPod> pod(String namespace, String name) {
        return pods.stream().filter(p -> p.namespace().equals(namespace) && p.name().equals(name)).findFirst();
    }
}
