package dev.bollard.webhook.mesh;

import java.util.Objects;

/**
 * One {@code metadata.ownerReferences[]} entry of a pod, as far as the workload name needs it:
 * its kind and name, and whether it is the pod's controller (the one istiod follows).
 */
public record PodOwner(String kind, String name, boolean controller) {
    public PodOwner {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
    }
}
