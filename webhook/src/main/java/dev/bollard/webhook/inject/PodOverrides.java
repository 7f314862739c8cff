package dev.bollard.webhook.inject;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Istio's per-pod overrides: a container the pod already has under the name of one the template
 * adds ({@code istio-proxy}, {@code istio-init}, in either list) is the user's tuning of ours, so
 * it is taken out of the pod and merged over the rendered one, the fields it sets winning (Istio
 * re-applies the pod's own container over the template's with a strategic merge). A pod volume
 * with one of our volume names is merged the same way.
 *
 * <p>A rendered container named like one of the pod's app containers (the grpc-agent template
 * adds bootstrap env and mounts to every app container) patches that container in place; the
 * app's own fields still win, as in Istio.
 */
final class PodOverrides {
    private static final KubernetesSerialization SERIALIZATION = PodJson.SERIALIZATION;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** Istio: {@code image: auto} in an override means "the injector's image". */
    private static final String AUTO_IMAGE = "auto";
    private static final Set<String> PROXY_NAMES = Set.of(MeshAnnotations.PROXY_CONTAINER, MeshAnnotations.INIT_CONTAINER);

    private PodOverrides() {
    }

    /**
     * Changes both copies: the overrides move from {@code pod} into {@code rendered}. Returns
     * Istio's {@code proxy.istio.io/overrides} value (the pod's own containers as they were
     * applied, by the list the template put them in), or empty when the pod had none.
     */
    static Optional<String> apply(PodSpec pod, PodSpec rendered) {
        ObjectNode applied = JSON.objectNode();
        rendered.setContainers(mergeContainers(pod, rendered.getContainers(), true, applied.putArray("containers")));
        rendered.setInitContainers(mergeContainers(pod, rendered.getInitContainers(), false,
                applied.putArray("initContainers")));
        rendered.setVolumes(mergeVolumes(pod, rendered.getVolumes()));
        List.of("containers", "initContainers").forEach(list -> {
            if (applied.get(list).isEmpty()) {
                applied.remove(list);
            }
        });
        return applied.isEmpty() ? Optional.empty() : Optional.of(applied.toString());
    }

    private static List<Container> mergeContainers(PodSpec pod, List<Container> ours, boolean appList,
                                                   ArrayNode applied) {
        List<Container> result = new ArrayList<>();
        for (Container container : nonNull(ours)) {
            Optional<Container> app = appList && !PROXY_NAMES.contains(container.getName())
                    ? find(pod.getContainers(), container.getName()) : Optional.empty();
            if (app.isPresent()) {
                patchInPlace(pod, app.get(), container);
                continue;
            }
            Optional<Container> override = take(pod, container.getName());
            override.ifPresent(user -> applied.add(overlayOf(user)));
            result.add(override.map(user -> overlay(container, user)).orElse(container));
        }
        return result;
    }

    private static void patchInPlace(PodSpec pod, Container app, Container patch) {
        ObjectNode own = PodJson.tree(app);
        Container patched = SERIALIZATION.convertValue(StrategicMerge.merge(StrategicMerge.merge(own, PodJson.tree(patch)), own),
                Container.class);
        List<Container> containers = new ArrayList<>(pod.getContainers());
        for (int i = 0; i < containers.size(); i++) {
            if (containers.get(i) == app) {
                containers.set(i, patched);
            }
        }
        pod.setContainers(containers);
    }

    private static Container overlay(Container ours, Container user) {
        return SERIALIZATION.convertValue(StrategicMerge.merge(PodJson.tree(ours), overlayOf(user)), Container.class);
    }

    private static ObjectNode overlayOf(Container user) {
        ObjectNode theirs = PodJson.tree(user);
        if (AUTO_IMAGE.equals(user.getImage())) {
            theirs.remove("image");
        }
        return theirs;
    }

    private static List<Volume> mergeVolumes(PodSpec pod, List<Volume> ours) {
        List<Volume> result = new ArrayList<>();
        List<Volume> podVolumes = new ArrayList<>(nonNull(pod.getVolumes()));
        for (Volume volume : nonNull(ours)) {
            Optional<Volume> user = podVolumes.stream().filter(v -> Objects.equals(v.getName(), volume.getName())).findFirst();
            if (user.isEmpty()) {
                result.add(volume);
                continue;
            }
            podVolumes.remove(user.get());
            result.add(SERIALIZATION.convertValue(StrategicMerge.mergeVolume(PodJson.tree(volume), PodJson.tree(user.get())), Volume.class));
        }
        pod.setVolumes(podVolumes);
        return result;
    }

    /** Removes the pod's container of that name from whichever list holds it. */
    private static Optional<Container> take(PodSpec pod, String name) {
        Optional<Container> found = find(pod.getContainers(), name);
        if (found.isPresent()) {
            pod.setContainers(without(pod.getContainers(), found.get()));
            return found;
        }
        found = find(pod.getInitContainers(), name);
        found.ifPresent(c -> pod.setInitContainers(without(pod.getInitContainers(), c)));
        return found;
    }

    private static Optional<Container> find(List<Container> containers, String name) {
        return nonNull(containers).stream().filter(c -> name != null && name.equals(c.getName())).findFirst();
    }

    private static List<Container> without(List<Container> containers, Container removed) {
        List<Container> result = new ArrayList<>(containers);
        result.remove(removed);
        return result;
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list.stream().filter(Objects::nonNull).toList();
    }
}
