package dev.bollard.webhook.inject;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;

/**
 * The RFC 6902 patch from the pod as sent to the injected pod, built from the fields
 * {@link SidecarInjector} writes ({@code metadata.labels}, {@code metadata.annotations}, and the
 * spec's {@code initContainers}, {@code containers}, {@code volumes} and {@code imagePullSecrets})
 * instead of diffing two whole pods: that diff turned both pods into JSON trees and was half of
 * an admission's time. Every other field the injector leaves as it was sent; the oracle test
 * compares this patch with the full diff on every injection fixture.
 *
 * <p>An absent map or list becomes one add of the whole value (the API server applies patches
 * strictly: no add into a missing parent), keys are escaped ({@code ~0}, {@code ~1}), items are
 * matched by name so an added container is an add at its index, and an item injection changed
 * (a rewritten probe, the gateway's own container) is diffed on its own.
 */
public final class PodPatch {
    private PodPatch() {
    }

    /** The patch as JSON text; {@code []} when the pods are equal in those fields. */
    public static String between(Pod before, Pod after) {
        return of(before, PodChanges.of(after));
    }

    /** The patch that gives {@code sent} the changed fields. */
    public static String of(Pod sent, PodChanges after) {
        PatchOps ops = new PatchOps();
        metadata(ops, sent.getMetadata(), after);
        spec(ops, sent.getSpec(), after);
        return ops.toJson();
    }

    private static void metadata(PatchOps ops, ObjectMeta before, PodChanges after) {
        if (before == null && (absent(after.labels()) && absent(after.annotations()))) {
            return;
        }
        if (before == null) {
            ObjectMeta added = new ObjectMeta();
            added.setLabels(after.labels());
            added.setAnnotations(after.annotations());
            ops.add("/metadata", added);
            return;
        }
        // in the order fabric8 writes the fields, so a map added where there was none lands where a
        // serialised pod has it (kube-inject keeps the document's key order)
        NamedItems.map(ops, "/metadata/annotations", before.getAnnotations(), after.annotations());
        NamedItems.map(ops, "/metadata/labels", before.getLabels(), after.labels());
    }

    private static void spec(PatchOps ops, PodSpec before, PodChanges after) {
        if (before == null && absent(after.initContainers()) && absent(after.containers()) && absent(after.volumes())
                && absent(after.imagePullSecrets())) {
            return;
        }
        if (before == null) {
            PodSpec added = new PodSpec();
            added.setInitContainers(after.initContainers());
            added.setContainers(after.containers());
            added.setVolumes(after.volumes());
            added.setImagePullSecrets(after.imagePullSecrets());
            ops.add("/spec", added);
            return;
        }
        NamedItems.list(ops, "/spec/containers", before.getContainers(), after.containers(), Container::getName);
        NamedItems.list(ops, "/spec/imagePullSecrets", before.getImagePullSecrets(), after.imagePullSecrets(),
                LocalObjectReference::getName);
        NamedItems.list(ops, "/spec/initContainers", before.getInitContainers(), after.initContainers(), Container::getName);
        NamedItems.list(ops, "/spec/volumes", before.getVolumes(), after.volumes(), Volume::getName);
    }

    static boolean absent(List<?> list) {
        // fabric8 writes no empty list, so for the patch an empty list and a missing one are the same
        return list == null || list.isEmpty();
    }

    static boolean absent(Map<?, ?> map) {
        return map == null || map.isEmpty();
    }

    static boolean same(Object a, Object b) {
        return a == b || Objects.equals(a, b);
    }
}
