package dev.bollard.webhook.mesh;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Pods and PeerAuthentications read from one place (a file, an informer cache). */
public record MeshObjectsSet(List<MeshPod> pods, List<PeerAuthenticationSpec> policies) {
    public static final MeshObjectsSet EMPTY = new MeshObjectsSet(List.of(), List.of());

    public MeshObjectsSet {
        pods = List.copyOf(pods);
        policies = List.copyOf(policies);
    }

    public static MeshObjectsSet union(Collection<MeshObjectsSet> parts) {
        List<MeshPod> pods = new ArrayList<>();
        List<PeerAuthenticationSpec> policies = new ArrayList<>();
        for (MeshObjectsSet part : parts) {
            pods.addAll(part.pods());
            policies.addAll(part.policies());
        }
        return new MeshObjectsSet(pods, policies);
    }
}
