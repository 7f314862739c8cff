package dev.bollard.webhook.inject;

import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * Which named templates a pod gets: {@code inject.istio.io/templates}, a comma list applied in
 * order (Istio trims each name), else {@code sidecar}. A name we do not have denies the pod with
 * the names we do, as Istio fails the injection.
 */
final class TemplateSelection {
    private TemplateSelection() {
    }

    static List<String> of(Pod pod, List<String> known) {
        String annotation = PodFacts.annotations(pod).get(MeshAnnotations.TEMPLATES);
        if (annotation == null) {
            return List.of(SidecarTemplates.DEFAULT);
        }
        List<String> names = new ArrayList<>();
        for (String part : annotation.split(",", -1)) {
            String name = part.trim();
            if (!known.contains(name)) {
                throw new InvalidAnnotationException(MeshAnnotations.TEMPLATES, annotation,
                        (name.isEmpty() ? "an empty template name" : "no template named " + name)
                                + "; known templates: " + String.join(", ", known));
            }
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }
}
