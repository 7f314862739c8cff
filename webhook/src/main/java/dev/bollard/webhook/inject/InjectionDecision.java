package dev.bollard.webhook.inject;

import static dev.bollard.webhook.inject.MeshAnnotations.INJECT;
import static dev.bollard.webhook.inject.MeshAnnotations.MIRROR;
import static dev.bollard.webhook.inject.MeshAnnotations.STATUS;

import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * Whether a pod gets the sidecar, and why, as Istio's {@code injectRequired}: host networking,
 * mirror pods, ignored namespaces, an earlier injection (so the API server's reinvocation is a
 * no-op), then the pod's own {@code sidecar.istio.io/inject} label or annotation. Which
 * namespaces and pods reach us at all (istio-injection, istio.io/rev) is the webhook
 * configuration's selectors; reaching us is the namespace default, "inject".
 *
 * <p>A container named istio-proxy without the status annotation is not an earlier injection
 * but the pod's own override of the proxy (Istio's documented customisation), so it is injected.
 *
 * @param reason  set when skipped
 * @param because set when injected: the opt-in that applied, shown on the pod
 */
public record InjectionDecision(SkipReason reason, String detail, String because) {
    static final String TRUE = "true";
    static final String FALSE = "false";
    private static final Set<String> OTHER_PROXIES = Set.of("linkerd-proxy");

    public boolean inject() {
        return reason == null;
    }

    public static InjectionDecision decide(Pod pod, String namespace, Set<String> ignoredNamespaces) {
        Map<String, String> annotations = PodFacts.annotations(pod);
        if (PodFacts.hostNetwork(pod)) {
            return skip(SkipReason.HOST_NETWORK, "spec.hostNetwork is true");
        }
        if (annotations.containsKey(MIRROR)) {
            return skip(SkipReason.MIRROR_POD, "annotation " + MIRROR + " present (a static pod)");
        }
        if (ignoredNamespaces.contains(namespace)) {
            return skip(SkipReason.IGNORED_NAMESPACE, "namespace " + namespace + " is never injected");
        }
        // an istio-proxy container without the status annotation is a per-pod override (PodOverrides)
        if (!annotations.getOrDefault(STATUS, "").isBlank()) {
            return skip(SkipReason.ALREADY_INJECTED, "annotation " + STATUS + " present");
        }
        if (hasContainer(pod, OTHER_PROXIES)) {
            return skip(SkipReason.OTHER_MESH, "container linkerd-proxy present");
        }
        // the label is the newer API: when present, even empty, it is the one read (Istio)
        Map<String, String> labels = PodFacts.labels(pod);
        String source = labels.containsKey(INJECT) ? "label" : "annotation";
        String value = labels.containsKey(INJECT) ? labels.get(INJECT) : annotations.get(INJECT);
        return optIn(value, source + " " + INJECT + "=" + value, namespace);
    }

    /**
     * As current Istio: only the exact values {@code true} and {@code false} count; an empty,
     * absent or any other value ("yes", "TRUE", "disabled") leaves it to the namespace, which
     * selected the pod by sending it here.
     */
    private static InjectionDecision optIn(String value, String source, String namespace) {
        String byNamespace = "namespace " + namespace + " is selected for injection";
        if (value == null) {
            return new InjectionDecision(null, null, byNamespace);
        }
        return switch (value) {
            case TRUE -> new InjectionDecision(null, null, source);
            case FALSE -> skip(SkipReason.OPTED_OUT, source);
            case "" -> new InjectionDecision(null, null, byNamespace + " (" + source + " is empty)");
            default -> new InjectionDecision(null, null, byNamespace + " (" + source
                    + " is neither \"true\" nor \"false\", so it does not count)");
        };
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
