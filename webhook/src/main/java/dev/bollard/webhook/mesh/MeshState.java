package dev.bollard.webhook.mesh;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One immutable snapshot of the mesh: every known pod and PeerAuthentication, sorted by
 * {@code namespace/name} (one object per name, the first one read wins), and a version that grows
 * with every change of content. {@link MeshModel} replaces it as a whole.
 */
public record MeshState(long version, List<MeshPod> pods, List<PeerAuthenticationSpec> policies) {

    public MeshState {
        pods = List.copyOf(pods);
        policies = List.copyOf(policies);
    }

    /** Sorted, de-duplicated content at {@code version}. */
    public static MeshState of(long version, MeshObjectsSet objects) {
        Map<String, MeshPod> pods = new LinkedHashMap<>();
        objects.pods().stream().sorted(Comparator.comparing(MeshPod::ref)).forEach(p -> pods.putIfAbsent(p.ref(), p));
        Map<String, PeerAuthenticationSpec> policies = new LinkedHashMap<>();
        objects.policies().stream().sorted(Comparator.comparing(PeerAuthenticationSpec::ref))
                .forEach(p -> policies.putIfAbsent(p.ref(), p));
        return new MeshState(version, List.copyOf(pods.values()), List.copyOf(policies.values()));
    }

    public boolean sameContent(MeshState other) {
        return other != null && pods.equals(other.pods) && policies.equals(other.policies);
    }

    public Optional<MeshPod> pod(String namespace, String name) {
        return pods.stream().filter(p -> p.namespace().equals(namespace) && p.name().equals(name)).findFirst();
    }
}
