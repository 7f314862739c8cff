package dev.bollard.webhook.inject;

import static dev.bollard.webhook.inject.MeshAnnotations.IDENTITY;
import static dev.bollard.webhook.inject.MeshAnnotations.INJECTED_BECAUSE;
import static dev.bollard.webhook.inject.MeshAnnotations.STATUS;
import static dev.bollard.webhook.inject.MeshAnnotations.TLS_MODE_LABEL;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import dev.bollard.webhook.admission.AdmissionDeniedException;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;

/**
 * Adds the rendered sidecar parts to a pod. Pure: the input pod is not modified; app
 * containers, existing init containers, volumes, labels and annotations are kept as they are.
 *
 * <p>Pipeline, as Istio's injectPod: render the template, place the proxy (native sidecar or
 * regular container, see {@link ProxyPlacement}), merge it into a copy of the pod, then record
 * what was added in the status annotation.
 */
public final class SidecarInjector {
    private final SidecarTemplate template;

    public SidecarInjector(SidecarTemplate template) {
        this.template = template;
    }

    public Pod inject(Pod original, InjectionValues values, String because) {
        PodSpec rendered = ProxyPlacer.place(template.render(values), values.placement());
        if (original.getMetadata() == null) {
            original = new PodBuilder(original).withNewMetadata().endMetadata().build();
        }
        Pod pod = new PodBuilder(original).build();
        if (pod.getSpec() == null) {
            pod.setSpec(new PodSpec());
        }
        PodSpec spec = pod.getSpec();
        String appContainer = firstAppContainer(spec);
        refuseNameClashes(spec, rendered);

        spec.setInitContainers(withInitContainers(spec.getInitContainers(), rendered.getInitContainers(),
                values.values().proxy().initContainerPosition()));
        spec.setContainers(values.placement().holdApplication()
                ? concat(rendered.getContainers(), spec.getContainers())
                : concat(spec.getContainers(), rendered.getContainers()));
        spec.setVolumes(concat(spec.getVolumes(), rendered.getVolumes()));
        List<String> pullSecrets = addPullSecrets(spec, values.values().images().pullSecrets());
        Map<String, String> asSent = original.getMetadata().getAnnotations();
        if (AppProbeRewrite.enabled(asSent, values.values().sidecarInjectorWebhook().rewriteAppHTTPProbe())) {
            AppProbeRewrite.apply(spec, AppProbeRewrite.statusPort(asSent, values.values().proxy().agentPort()));
        }

        // the pod's own maps as sent (not PodFacts' null-free views), so the patch only adds
        Map<String, String> annotations = new LinkedHashMap<>(rawOrEmpty(original.getMetadata().getAnnotations()));
        annotations.put(STATUS, new InjectionStatus(names(rendered.getInitContainers()), noneAsNull(names(rendered.getContainers())),
                volumeNames(rendered.getVolumes()), pullSecrets.isEmpty() ? null : pullSecrets,
                values.values().revision()).toJson());
        annotations.put(IDENTITY, values.pod().spiffeId());
        annotations.put(INJECTED_BECAUSE, because);
        WorkloadMetadata.annotate(annotations, values.values().revision(), appContainer);
        PrometheusScrape.annotate(annotations, values.values().proxy().metricsPort());
        pod.getMetadata().setAnnotations(annotations);

        Map<String, String> labels = new LinkedHashMap<>(rawOrEmpty(original.getMetadata().getLabels()));
        labels.putIfAbsent(TLS_MODE_LABEL, "istio");
        WorkloadMetadata.label(labels, original, values.pod().namespace());
        pod.getMetadata().setLabels(labels);
        return pod;
    }

    private static List<Container> withInitContainers(List<Container> existing, List<Container> ours,
                                                      MeshValues.InitContainerPosition position) {
        List<Container> result = new ArrayList<>();
        List<Container> theirs = existing == null ? List.of() : existing;
        List<Container> added = ours == null ? List.of() : ours;
        // first: iptables are in place before any other init container opens a connection
        if (position == MeshValues.InitContainerPosition.FIRST) {
            result.addAll(added);
            result.addAll(theirs);
        } else {
            result.addAll(theirs);
            result.addAll(added);
        }
        return result;
    }

    private static void refuseNameClashes(PodSpec spec, PodSpec rendered) {
        Set<String> containers = new HashSet<>(names(spec.getContainers()));
        containers.addAll(names(spec.getInitContainers()));
        for (String name : concat(names(rendered.getContainers()), names(rendered.getInitContainers()))) {
            if (containers.contains(name)) {
                throw new AdmissionDeniedException(400, "pod already has a container named " + name
                        + ", which the sidecar injector adds; rename it or opt out with sidecar.istio.io/inject: \"false\"");
            }
        }
        Set<String> volumes = new HashSet<>(volumeNames(spec.getVolumes()));
        for (String name : volumeNames(rendered.getVolumes())) {
            if (volumes.contains(name)) {
                throw new AdmissionDeniedException(400, "pod already has a volume named " + name
                        + ", which the sidecar injector adds; rename it or opt out with sidecar.istio.io/inject: \"false\"");
            }
        }
    }

    private static List<String> addPullSecrets(PodSpec spec, List<String> secrets) {
        List<String> added = new ArrayList<>();
        if (secrets.isEmpty()) {
            return added;
        }
        List<LocalObjectReference> refs = spec.getImagePullSecrets() == null
                ? new ArrayList<>() : new ArrayList<>(spec.getImagePullSecrets());
        Set<String> present = new HashSet<>();
        refs.stream().filter(Objects::nonNull).forEach(r -> present.add(r.getName()));
        for (String secret : secrets) {
            if (present.add(secret)) {
                refs.add(new LocalObjectReference(secret));
                added.add(secret);
            }
        }
        spec.setImagePullSecrets(refs);
        return added;
    }

    private static String firstAppContainer(PodSpec spec) {
        // a pod's own istio-proxy (an override) is not the app kubectl should default to
        return names(spec.getContainers()).stream().filter(name -> !name.equals(MeshAnnotations.PROXY_CONTAINER))
                .findFirst().orElse(null);
    }

    /** Istio writes {@code "containers":null} for a native sidecar, which adds no container. */
    private static List<String> noneAsNull(List<String> names) {
        return names.isEmpty() ? null : names;
    }

    private static Map<String, String> rawOrEmpty(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }

    private static <T> List<T> concat(List<T> first, List<T> second) {
        List<T> result = new ArrayList<>();
        if (first != null) {
            result.addAll(first);
        }
        if (second != null) {
            result.addAll(second);
        }
        return result;
    }

    private static List<String> names(List<Container> containers) {
        return containers == null ? List.of()
                : containers.stream().filter(Objects::nonNull).map(Container::getName).filter(Objects::nonNull).toList();
    }

    private static List<String> volumeNames(List<Volume> volumes) {
        return volumes == null ? List.of()
                : volumes.stream().filter(Objects::nonNull).map(Volume::getName).filter(Objects::nonNull).toList();
    }
}
