package dev.bollard.webhook.inject;

import static dev.bollard.webhook.inject.MeshAnnotations.IDENTITY;
import static dev.bollard.webhook.inject.MeshAnnotations.INJECTED_BECAUSE;
import static dev.bollard.webhook.inject.MeshAnnotations.OVERRIDES;
import static dev.bollard.webhook.inject.MeshAnnotations.STATUS;
import static dev.bollard.webhook.inject.MeshAnnotations.TLS_MODE_LABEL;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

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
 * <p>Pipeline, as Istio's injectPod: render the selected templates, place the proxy (native
 * sidecar or regular container, see {@link ProxyPlacement}), add the user volumes, re-apply the
 * pod's own {@code istio-proxy} / {@code istio-init} and volumes over the rendered ones
 * ({@link PodOverrides}), merge the result into a copy of the pod, then record what was added in
 * the status annotation.
 */
public final class SidecarInjector {
    private final SidecarTemplates templates;

    public SidecarInjector(SidecarTemplate template) {
        this(SidecarTemplates.only(template));
    }

    public SidecarInjector(SidecarTemplates templates) {
        this.templates = templates;
    }

    /**
     * The pod with the labels and annotations of the templates it selects over its own (Istio's
     * template overlays the pod), so the values derived from it see what the templates settle;
     * the same instance when they add nothing new.
     */
    public Pod withTemplateMetadata(Pod pod, InjectionValues values) {
        TemplateMetadata metadata = templates.metadata(TemplateSelection.of(pod, templates.names()), values);
        Map<String, String> annotations = rawOrEmpty(pod.getMetadata() == null ? null : pod.getMetadata().getAnnotations());
        Map<String, String> labels = rawOrEmpty(pod.getMetadata() == null ? null : pod.getMetadata().getLabels());
        if (annotations.entrySet().containsAll(metadata.annotations().entrySet())
                && labels.entrySet().containsAll(metadata.labels().entrySet())) {
            return pod;
        }
        Map<String, String> withAnnotations = new LinkedHashMap<>(annotations);
        withAnnotations.putAll(metadata.annotations());
        Map<String, String> withLabels = new LinkedHashMap<>(labels);
        withLabels.putAll(metadata.labels());
        return new PodBuilder(pod).editOrNewMetadata().withAnnotations(withAnnotations).withLabels(withLabels).endMetadata()
                .build();
    }

    /** The injected pod, a new object; {@link #changes} is the same without copying the pod. */
    public Pod inject(Pod original, InjectionValues values, String because) {
        return changes(original, values, because).applyTo(original);
    }

    /** The fields injection writes, as they are after it; {@code original} is not changed. */
    public PodChanges changes(Pod original, InjectionValues values, String because) {
        PodSpec rendered = ProxyPlacer.place(templates.render(TemplateSelection.of(original, templates.names()), values),
                values.placement());
        // grpc-simple adds no proxy: nothing serves metrics or terminates mTLS for the pod
        boolean withProxy = names(rendered.getContainers()).contains(MeshAnnotations.PROXY_CONTAINER)
                || names(rendered.getInitContainers()).contains(MeshAnnotations.PROXY_CONTAINER);
        UserVolumes.apply(original, rendered);
        // only the lists injection rewrites, sharing their items with the pod as sent: PodOverrides
        // and AppProbeRewrite set new lists and copy an item before they change it
        PodSpec spec = listsOf(original.getSpec());
        Optional<String> overrides = PodOverrides.apply(spec, rendered);
        String appContainer = firstAppContainer(spec);

        spec.setInitContainers(withInitContainers(spec.getInitContainers(), rendered.getInitContainers(),
                values.values().proxy().initContainerPosition()));
        spec.setContainers(values.placement().holdApplication()
                ? concat(rendered.getContainers(), spec.getContainers())
                : concat(spec.getContainers(), rendered.getContainers()));
        spec.setVolumes(concat(spec.getVolumes(), rendered.getVolumes()));
        List<String> pullSecrets = addPullSecrets(spec, values.values().images().pullSecrets());
        Map<String, String> asSent = original.getMetadata() == null ? null : original.getMetadata().getAnnotations();
        if (AppProbeRewrite.enabled(asSent, values.values().sidecarInjectorWebhook().rewriteAppHTTPProbe())) {
            // the status port ProxyStatus parsed and checked; without one (0) kubelet still goes to the agent port
            AppProbeRewrite.apply(spec, values.status().enabled() ? values.status().port() : values.values().proxy().agentPort());
        }

        // the pod's own maps as sent (not PodFacts' null-free views), so the patch only adds
        Map<String, String> annotations = new LinkedHashMap<>(rawOrEmpty(asSent));
        // Istio writes null for a list the templates added nothing to (grpc-agent: no init containers)
        annotations.put(STATUS, new InjectionStatus(orNull(names(rendered.getInitContainers())), orNull(names(rendered.getContainers())),
                volumeNames(rendered.getVolumes()), pullSecrets.isEmpty() ? null : pullSecrets,
                values.values().revision()).toJson());
        overrides.ifPresent(json -> annotations.put(OVERRIDES, json));
        annotations.put(IDENTITY, values.pod().spiffeId());
        annotations.put(INJECTED_BECAUSE, because);
        WorkloadMetadata.annotate(annotations, values.values().revision(), appContainer);
        if (withProxy) {
            PrometheusScrape.annotate(annotations, values.values().proxy().metricsPort());
        }

        Map<String, String> labels = new LinkedHashMap<>(rawOrEmpty(original.getMetadata() == null ? null
                : original.getMetadata().getLabels()));
        if (withProxy) {
            // peers send mTLS to a pod so labelled, so only where a proxy terminates it (Istio's
            // proxyless grpc-simple does not label either)
            labels.putIfAbsent(TLS_MODE_LABEL, "istio");
        }
        WorkloadMetadata.label(labels, original, values.pod().namespace());
        return new PodChanges(labels, annotations, spec.getInitContainers(), spec.getContainers(), spec.getVolumes(),
                spec.getImagePullSecrets());
    }

    private static PodSpec listsOf(PodSpec sent) {
        PodSpec lists = new PodSpec();
        if (sent != null) {
            lists.setInitContainers(sent.getInitContainers());
            lists.setContainers(sent.getContainers());
            lists.setVolumes(sent.getVolumes());
            lists.setImagePullSecrets(sent.getImagePullSecrets());
        }
        return lists;
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

    /** Istio writes null for a list nothing was added to (a native sidecar adds no container; grpc-agent no init container). */
    private static List<String> orNull(List<String> names) {
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
