package dev.bollard.webhook.inject;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Volume;

/**
 * The fields injection writes, each whole as it is after injection; every other field of the pod
 * stays as it was sent. Kept apart from the pod so an admission needs no copy of it: the patch is
 * made from these ({@link PodPatch#of}), and only callers that want the injected pod build one.
 */
public record PodChanges(Map<String, String> labels, Map<String, String> annotations, List<Container> initContainers,
                         List<Container> containers, List<Volume> volumes, List<LocalObjectReference> imagePullSecrets) {

    /** What an injected pod holds in those fields, for comparing two pods. */
    public static PodChanges of(Pod pod) {
        var meta = pod.getMetadata();
        var spec = pod.getSpec();
        return new PodChanges(meta == null ? null : meta.getLabels(), meta == null ? null : meta.getAnnotations(),
                spec == null ? null : spec.getInitContainers(), spec == null ? null : spec.getContainers(),
                spec == null ? null : spec.getVolumes(), spec == null ? null : spec.getImagePullSecrets());
    }

    /** A new pod: a copy of {@code sent} with these fields. */
    public Pod applyTo(Pod sent) {
        return new PodBuilder(sent).editOrNewMetadata().withLabels(labels).withAnnotations(annotations).endMetadata()
                .editOrNewSpec().withInitContainers(initContainers).withContainers(containers).withVolumes(volumes)
                .withImagePullSecrets(imagePullSecrets).endSpec().build();
    }
}
