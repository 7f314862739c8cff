package dev.bollard.webhook.inject;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The labels and annotations a named template gives the pod, from its optional top-level
 * {@code metadata:} (Istio's templates carry the same block). They are applied before the pod's
 * values are derived, so a template can settle a per-pod knob for every pod it renders:
 * {@code grpc-simple} turns probe rewriting off (there is no proxy to answer the probes) and
 * {@code gateway} keeps the proxy a regular container (it is the pod's workload, not a sidecar).
 * As in Istio, where the template overlays the pod, the template's value wins.
 */
public record TemplateMetadata(Map<String, String> labels, Map<String, String> annotations) {
    public static final TemplateMetadata NONE = new TemplateMetadata(Map.of(), Map.of());

    public TemplateMetadata {
        // sorted: kube-inject writes them in this order, the same on every run
        labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
        annotations = Collections.unmodifiableSortedMap(new TreeMap<>(annotations));
    }

    public boolean isEmpty() {
        return labels.isEmpty() && annotations.isEmpty();
    }

    /** This block with {@code later}'s entries over it (templates apply in order). */
    public TemplateMetadata then(TemplateMetadata later) {
        return new TemplateMetadata(over(labels, later.labels), over(annotations, later.annotations));
    }

    private static Map<String, String> over(Map<String, String> first, Map<String, String> second) {
        Map<String, String> merged = new LinkedHashMap<>(first);
        merged.putAll(second);
        return merged;
    }
}
