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
        // sorted, so every feed finds its pod by binary search: 1,000 feeds of a 1,000-pod mesh look up on each change
        pods = pods.stream().sorted(Comparator.comparing(MeshPod::ref)).toList();
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
        String ref = namespace + "/" + name;
        int low = 0;
        int high = pods.size() - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int order = pods.get(mid).ref().compareTo(ref);
            if (order == 0) {
                return Optional.of(pods.get(mid));
            }
            if (order < 0) {
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return Optional.empty();
    }
}
