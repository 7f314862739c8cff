package dev.bollard.webhook.inject;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BinaryOperator;
import java.util.function.Function;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The named injection templates ({@code sidecar} from injection-template.yaml, {@code grpc-agent}
 * from grpc-agent-template.yaml). A pod's {@code inject.istio.io/templates} picks some, applied in
 * order as in Istio: each later template is merged over the parts rendered so far (containers
 * and volumes by name, the later one's fields winning).
 */
public final class SidecarTemplates {
    /** Istio's default template name; the only one a pod without the annotation gets. */
    public static final String DEFAULT = "sidecar";
    private static final KubernetesSerialization SERIALIZATION = PodJson.SERIALIZATION;

    private final SortedMap<String, SidecarTemplate> byName;

    private SidecarTemplates(SortedMap<String, SidecarTemplate> byName) {
        if (!byName.containsKey(DEFAULT)) {
            throw new IllegalArgumentException("the sidecar template set needs a template named " + DEFAULT);
        }
        this.byName = Collections.unmodifiableSortedMap(byName);
    }

    public static SidecarTemplates of(Map<String, SidecarTemplate> byName) {
        return new SidecarTemplates(new TreeMap<>(byName));
    }

    /** Only the default template, for callers that have one template text. */
    public static SidecarTemplates only(SidecarTemplate sidecar) {
        return of(Map.of(DEFAULT, sidecar));
    }

    /** The known names, sorted. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    public SidecarTemplate get(String name) {
        SidecarTemplate template = byName.get(name);
        if (template == null) {
            throw new IllegalArgumentException("no sidecar template named " + name + "; known: " + String.join(", ", names()));
        }
        return template;
    }

    /** The parts the named templates add, merged in order; a fresh copy. */
    public PodSpec render(List<String> names, InjectionValues values) {
        PodSpec result = null;
        for (String name : names) {
            PodSpec next = get(name).render(values);
            result = result == null ? next : merged(result, next);
        }
        return result == null ? new PodSpec() : result;
    }

    /** The labels and annotations the named templates give the pod, later templates winning. */
    public TemplateMetadata metadata(List<String> names, InjectionValues values) {
        TemplateMetadata result = TemplateMetadata.NONE;
        for (String name : names) {
            result = result.then(get(name).metadata(values));
        }
        return result;
    }

    private static PodSpec merged(PodSpec first, PodSpec second) {
        PodSpec result = new PodSpec();
        result.setInitContainers(byName(first.getInitContainers(), second.getInitContainers(), Container::getName,
                (a, b) -> convert(StrategicMerge.merge(PodJson.tree(a), PodJson.tree(b)), Container.class)));
        result.setContainers(byName(first.getContainers(), second.getContainers(), Container::getName,
                (a, b) -> convert(StrategicMerge.merge(PodJson.tree(a), PodJson.tree(b)), Container.class)));
        result.setVolumes(byName(first.getVolumes(), second.getVolumes(), Volume::getName,
                (a, b) -> convert(StrategicMerge.mergeVolume(PodJson.tree(a), PodJson.tree(b)), Volume.class)));
        return result;
    }

    private static <T> List<T> byName(List<T> first, List<T> second, Function<T, String> name,
                                      BinaryOperator<T> merge) {
        List<T> result = new ArrayList<>(first == null ? List.of() : first);
        for (T item : second == null ? List.<T>of() : second) {
            int at = -1;
            for (int i = 0; i < result.size() && at < 0; i++) {
                if (Objects.equals(name.apply(result.get(i)), name.apply(item))) {
                    at = i;
                }
            }
            if (at >= 0) {
                result.set(at, merge.apply(result.get(at), item));
            } else {
                result.add(item);
            }
        }
        return result;
    }

    private static <T> T convert(ObjectNode node, Class<T> type) {
        return SERIALIZATION.convertValue(node, type);
    }
}
