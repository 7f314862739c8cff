package dev.bollard.webhook.inject;

import static dev.bollard.webhook.inject.MeshAnnotations.DEFAULT_CONTAINER;
import static dev.bollard.webhook.inject.MeshAnnotations.DEFAULT_LOGS_CONTAINER;
import static dev.bollard.webhook.inject.MeshAnnotations.REVISION;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.bollard.webhook.mesh.FeedSnapshot;
import dev.bollard.webhook.mesh.MeshPod;
import dev.bollard.webhook.mesh.MeshObjects;
import dev.bollard.webhook.mesh.TelemetryLabels;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * The labels and annotations that tools read off an injected pod, as Istio's template writes
 * them: the canonical service and revision (Kiali, the telemetry labels; the same derivation the
 * control plane uses, {@link TelemetryLabels}), the revision that injected it ({@code istio.io/rev},
 * so {@code istioctl} and upgrades can tell which control plane owns it) and the container
 * {@code kubectl logs} / {@code exec} pick, which must stay the app, not the proxy. A value the pod
 * already sets is kept, except the revision, which is a fact about this injection.
 */
final class WorkloadMetadata {
    private WorkloadMetadata() {
    }

    static void annotate(Map<String, String> annotations, String revision, String appContainer) {
        annotations.put(REVISION, revision);
        if (appContainer != null) {
            annotations.putIfAbsent(DEFAULT_LOGS_CONTAINER, appContainer);
            annotations.putIfAbsent(DEFAULT_CONTAINER, appContainer);
        }
    }

    static void label(Map<String, String> labels, Pod pod, String namespace) {
        FeedSnapshot.Telemetry telemetry = TelemetryLabels.of(meshPod(pod, namespace));
        putIfMissing(labels, TelemetryLabels.CANONICAL_NAME_LABEL, telemetry.canonicalService());
        putIfMissing(labels, TelemetryLabels.CANONICAL_REVISION_LABEL, telemetry.canonicalRevision());
    }

    /** An empty label counts as absent, as for the telemetry: the proxy refuses empty metric labels. */
    private static void putIfMissing(Map<String, String> labels, String key, String value) {
        String present = labels.get(key);
        if ((present == null || present.isEmpty()) && value != null && !value.isEmpty()) {
            labels.put(key, value);
        }
    }

    private static MeshPod meshPod(Pod pod, String namespace) {
        ObjectMeta meta = pod.getMetadata() == null ? new ObjectMeta() : pod.getMetadata();
        return new MeshPod(namespace, orEmpty(meta.getName()), PodFacts.serviceAccount(pod), PodFacts.labels(pod),
                List.of(), Optional.empty(), Instant.EPOCH, Map.of(), orEmpty(meta.getGenerateName()), MeshObjects.owners(meta));
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
