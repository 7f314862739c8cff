package dev.bollard.webhook.inject;

import static dev.bollard.webhook.inject.MeshAnnotations.USER_VOLUME;
import static dev.bollard.webhook.inject.MeshAnnotations.USER_VOLUME_MOUNT;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Istio's {@code sidecar.istio.io/userVolume} (JSON map: volume name to its source, added to the
 * pod) and {@code sidecar.istio.io/userVolumeMount} (JSON map: volume name to mount fields, added
 * to the proxy), in name order as Istio's template ranges over the maps. Checked here so a typo
 * is denied naming the annotation rather than by the API server naming a container the user
 * never wrote.
 */
final class UserVolumes {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final KubernetesSerialization SERIALIZATION = PodJson.SERIALIZATION;
    // a volume name is a DNS-1123 label
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    private UserVolumes() {
    }

    /** Adds the annotated volumes to {@code rendered} and the mounts to its istio-proxy. */
    static void apply(Pod pod, PodSpec rendered) {
        Map<String, String> annotations = PodFacts.annotations(pod);
        List<Volume> volumes = volumes(annotations.get(USER_VOLUME));
        List<VolumeMount> mounts = mounts(annotations.get(USER_VOLUME_MOUNT));
        List<Volume> all = new ArrayList<>(rendered.getVolumes() == null ? List.of() : rendered.getVolumes());
        all.addAll(volumes);
        rendered.setVolumes(all);
        if (mounts.isEmpty()) {
            return;
        }
        Set<String> known = new HashSet<>();
        Stream.concat(all.stream(), pod.getSpec() == null || pod.getSpec().getVolumes() == null ? Stream.empty()
                : pod.getSpec().getVolumes().stream()).filter(Objects::nonNull).forEach(v -> known.add(v.getName()));
        for (VolumeMount mount : mounts) {
            if (!known.contains(mount.getName())) {
                throw new InvalidAnnotationException(USER_VOLUME_MOUNT, annotations.get(USER_VOLUME_MOUNT),
                        "no volume named " + mount.getName() + " in the pod or in " + USER_VOLUME);
            }
        }
        proxy(rendered).ifPresent(proxy -> {
            List<VolumeMount> proxyMounts = new ArrayList<>(proxy.getVolumeMounts() == null ? List.of() : proxy.getVolumeMounts());
            proxyMounts.addAll(mounts);
            proxy.setVolumeMounts(proxyMounts);
        });
    }

    private static Optional<Container> proxy(PodSpec rendered) {
        return Stream.concat(rendered.getContainers() == null ? Stream.empty() : rendered.getContainers().stream(),
                        rendered.getInitContainers() == null ? Stream.empty() : rendered.getInitContainers().stream())
                .filter(c -> MeshAnnotations.PROXY_CONTAINER.equals(c.getName())).findFirst();
    }

    private static List<Volume> volumes(String raw) {
        List<Volume> result = new ArrayList<>();
        entries(USER_VOLUME, raw).forEach((name, source) -> {
            ObjectNode volume = source.deepCopy();
            volume.put("name", name);
            if (volume.size() < 2) {
                throw new InvalidAnnotationException(USER_VOLUME, raw, "volume " + name + " names no source (e.g. {\"hostPath\":{\"path\":\"/var/run/x\"}})");
            }
            result.add(convert(USER_VOLUME, raw, volume, Volume.class, "volume " + name));
        });
        return result;
    }

    private static List<VolumeMount> mounts(String raw) {
        List<VolumeMount> result = new ArrayList<>();
        entries(USER_VOLUME_MOUNT, raw).forEach((name, fields) -> {
            ObjectNode mount = fields.deepCopy();
            mount.put("name", name);
            VolumeMount parsed = convert(USER_VOLUME_MOUNT, raw, mount, VolumeMount.class, "mount of " + name);
            if (parsed.getMountPath() == null || !parsed.getMountPath().startsWith("/")) {
                throw new InvalidAnnotationException(USER_VOLUME_MOUNT, raw, "mount of " + name + " needs an absolute mountPath");
            }
            result.add(parsed);
        });
        return result;
    }

    /** The JSON object's entries in name order; each value an object. */
    private static Map<String, ObjectNode> entries(String annotation, String raw) {
        Map<String, ObjectNode> result = new TreeMap<>();
        if (raw == null || raw.isBlank()) {
            return result;
        }
        JsonNode root;
        try {
            root = JSON.readTree(raw);
        } catch (JsonProcessingException e) {
            throw new InvalidAnnotationException(annotation, raw, "not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidAnnotationException(annotation, raw, "must be a JSON object of volume name to settings");
        }
        root.fields().forEachRemaining(entry -> {
            if (!NAME.matcher(entry.getKey()).matches()) {
                throw new InvalidAnnotationException(annotation, raw,
                        "\"" + entry.getKey() + "\" is not a volume name (lower-case letters, digits and '-', at most 63)");
            }
            if (!(entry.getValue() instanceof ObjectNode value)) {
                throw new InvalidAnnotationException(annotation, raw, "the value of " + entry.getKey() + " must be a JSON object");
            }
            result.put(entry.getKey(), value);
        });
        return result;
    }

    private static <T> T convert(String annotation, String raw, ObjectNode node, Class<T> type, String what) {
        try {
            return SERIALIZATION.convertValue(node, type);
        } catch (RuntimeException e) {
            throw new InvalidAnnotationException(annotation, raw, what + " does not fit the Kubernetes " + type.getSimpleName()
                    + " fields: " + rootMessage(e));
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        // Jackson appends the source location and reference chain after a newline
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
