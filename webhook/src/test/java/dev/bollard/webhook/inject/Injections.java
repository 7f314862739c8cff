package dev.bollard.webhook.inject;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;

/** Runs the real injector (every shipped template) on a test pod, in namespace shop. */
final class Injections {
    static final SidecarInjector INJECTOR = injector();

    private Injections() {
    }

    /** As {@link PodInjection} after its decision: the templates' own metadata first, then the values again. */
    static Pod inject(Pod pod) {
        Pod templated = INJECTOR.withTemplateMetadata(pod, values(pod));
        return INJECTOR.inject(templated, values(templated), "test");
    }

    private static InjectionValues values(Pod pod) {
        return InjectionValues.of(pod, "shop", Pods.values(), Pods.TRUST_DOMAIN);
    }

    /** A container of either list: the proxy is a native sidecar (an init container) by default. */
    static Container container(Pod pod, String name) {
        return java.util.stream.Stream.concat(pod.getSpec().getContainers().stream(), pod.getSpec().getInitContainers().stream())
                .filter(c -> name.equals(c.getName())).findFirst().orElseThrow();
    }

    static Container initContainer(Pod pod, String name) {
        return pod.getSpec().getInitContainers().stream().filter(c -> name.equals(c.getName())).findFirst().orElseThrow();
    }

    private static SidecarInjector injector() {
        Map<String, SidecarTemplate> named = new TreeMap<>();
        SidecarSources.templates(Optional.empty()).forEach((name, text) -> named.put(name, SidecarTemplate.parse(text)));
        return new SidecarInjector(SidecarTemplates.of(named));
    }
}
