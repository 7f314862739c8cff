package dev.bollard.webhook.inject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;

/**
 * Null-safe reads of a pod as the API server sends it: a pod created by a ReplicaSet has no name
 * yet, many have no annotations map, and {@code spec} lists may be absent.
 */
final class PodFacts {
    static final String DEFAULT_SERVICE_ACCOUNT = "default";

    private PodFacts() {
    }

    /** Annotations without null values: {@code key: null} in a manifest means "not set" here. */
    static Map<String, String> annotations(Pod pod) {
        ObjectMeta meta = pod.getMetadata();
        return meta == null ? Map.of() : withoutNulls(meta.getAnnotations());
    }

    static Map<String, String> labels(Pod pod) {
        ObjectMeta meta = pod.getMetadata();
        return meta == null ? Map.of() : withoutNulls(meta.getLabels());
    }

    /**
     * Mutating webhooks run before the API server validates the pod, so a list may hold nulls or
     * nameless containers; those are the API server's to reject, with its own message.
     */
    static List<Container> containers(Pod pod) {
        PodSpec spec = pod.getSpec();
        return spec == null ? List.of() : withoutNulls(spec.getContainers());
    }

    static List<Container> initContainers(Pod pod) {
        PodSpec spec = pod.getSpec();
        return spec == null ? List.of() : withoutNulls(spec.getInitContainers());
    }

    private static <T> List<T> withoutNulls(List<T> list) {
        return list == null ? List.of() : list.stream().filter(Objects::nonNull).toList();
    }

    private static Map<String, String> withoutNulls(Map<String, String> map) {
        if (map == null) {
            return Map.of();
        }
        Map<String, String> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> {
            if (key != null && value != null) {
                copy.put(key, value);
            }
        });
        return copy;
    }

    static boolean hostNetwork(Pod pod) {
        return pod.getSpec() != null && Boolean.TRUE.equals(pod.getSpec().getHostNetwork());
    }

    static String serviceAccount(Pod pod) {
        PodSpec spec = pod.getSpec();
        if (spec == null) {
            return DEFAULT_SERVICE_ACCOUNT;
        }
        String name = spec.getServiceAccountName();
        if (name == null || name.isEmpty()) {
            // the deprecated field is still honoured by the API server when the new one is unset
            name = spec.getServiceAccount();
        }
        return name == null || name.isEmpty() ? DEFAULT_SERVICE_ACCOUNT : name;
    }

    /** "ns/name", or "ns/generateName*" for pods whose name the API server has not picked yet. */
    static String reference(Pod pod, String namespace) {
        ObjectMeta meta = pod.getMetadata();
        String name = meta == null ? null : meta.getName();
        if (name == null || name.isEmpty()) {
            String generate = meta == null ? null : meta.getGenerateName();
            name = generate == null || generate.isEmpty() ? "<unnamed>" : generate + "*";
        }
        return namespace + "/" + name;
    }
}
