package dev.bollard.webhook.inject;

import static dev.bollard.webhook.inject.MeshAnnotations.INJECT;
import static dev.bollard.webhook.inject.MeshAnnotations.STATUS;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * Whether a pod gets the sidecar, and why, in Istio's order: host networking, ignored
 * namespaces, an earlier injection (so the API server's reinvocation is a no-op), then the pod's
 * own {@code sidecar.istio.io/inject} label or annotation (the label wins, as in Istio). Which
 * namespaces reach us at all is the webhook configuration's namespaceSelector.
 *
 * @param reason  set when skipped
 * @param because set when injected: the opt-in that applied, shown on the pod
 */
public record InjectionDecision(SkipReason reason, String detail, String because) {
    private static final Set<String> YES = Set.of("true", "yes", "y", "on");
    private static final Set<String> OTHER_PROXIES = Set.of("linkerd-proxy");

    public boolean inject() {
        return reason == null;
    }

    public static InjectionDecision decide(Pod pod, String namespace, Set<String> ignoredNamespaces) {
        if (PodFacts.hostNetwork(pod)) {
            return skip(SkipReason.HOST_NETWORK, "spec.hostNetwork is true");
        }
        if (ignoredNamespaces.contains(namespace)) {
            return skip(SkipReason.IGNORED_NAMESPACE, "namespace " + namespace + " is never injected");
        }
        // an istio-proxy container without the status annotation is a per-pod override (PodOverrides)
        if (!PodFacts.annotations(pod).getOrDefault(STATUS, "").isBlank()) {
            return skip(SkipReason.ALREADY_INJECTED, "annotation " + STATUS + " present");
        }
        if (hasContainer(pod, OTHER_PROXIES)) {
            return skip(SkipReason.OTHER_MESH, "container linkerd-proxy present");
        }
        String label = PodFacts.labels(pod).get(INJECT);
        if (label != null) {
            return optIn(label, "label " + INJECT + "=" + label, namespace);
        }
        String annotation = PodFacts.annotations(pod).get(INJECT);
        if (annotation != null) {
            return optIn(annotation, "annotation " + INJECT + "=" + annotation, namespace);
        }
        return new InjectionDecision(null, null, "namespace " + namespace + " is selected for injection");
    }

    /**
     * As Istio: a yes injects, an empty value leaves it to the namespace (which selected the pod),
     * anything else means "do not inject".
     */
    private static InjectionDecision optIn(String value, String source, String namespace) {
        String normalized = value.trim().toLowerCase(Locale.ROOT);
        if (normalized.isEmpty()) {
            return new InjectionDecision(null, null, "namespace " + namespace + " is selected for injection (" + source + " is empty)");
        }
        if (YES.contains(normalized)) {
            return new InjectionDecision(null, null, source);
        }
        return skip(SkipReason.OPTED_OUT, source);
    }

    private static InjectionDecision skip(SkipReason reason, String detail) {
        return new InjectionDecision(reason, detail, null);
    }

    private static boolean hasContainer(Pod pod, Set<String> names) {
        return Stream.concat(PodFacts.containers(pod).stream(), PodFacts.initContainers(pod).stream())
                .map(Container::getName)
                .anyMatch(name -> name != null && names.contains(name));
    }
}
