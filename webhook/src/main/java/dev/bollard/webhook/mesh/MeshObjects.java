package dev.bollard.webhook.mesh;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;

/**
 * Reads {@link MeshPod} and {@link PeerAuthenticationSpec} out of generic Kubernetes objects (Services
 * and EndpointSlices: {@link ServiceObjects}), the
 * shape both the informers and the dev YAML files deliver. Throws {@link IllegalArgumentException}
 * naming the field when an object cannot be used. A missing namespace is {@code default} (as
 * kubectl assumes) and a missing creationTimestamp is the epoch, so hand-written files sort by name.
 */
public final class MeshObjects {
    public static final String POD = "Pod";
    public static final String PEER_AUTHENTICATION = "PeerAuthentication";
    public static final String ISTIO_SECURITY_GROUP = "security.istio.io";
    private static final String DEFAULT_NAMESPACE = "default";
    private static final String DEFAULT_SERVICE_ACCOUNT = "default";

    private MeshObjects() {
    }

    public static MeshPod pod(GenericKubernetesResource object) {
        ObjectMeta meta = meta(object);
        Map<String, Object> spec = map(object.getAdditionalProperties().get("spec"), "spec");
        Map<String, Object> status = map(object.getAdditionalProperties().get("status"), "status");
        String serviceAccount = string(spec.get("serviceAccountName"), "spec.serviceAccountName");
        Map<String, String> labels = meta.getLabels() == null ? Map.of() : meta.getLabels();
        return new MeshPod(namespace(meta), meta.getName(), serviceAccount == null ? DEFAULT_SERVICE_ACCOUNT : serviceAccount,
                labels, podIPs(status), Optional.ofNullable(labels.get(MeshPod.TLS_MODE_LABEL)), created(meta),
                ServiceObjects.namedPorts(spec), meta.getGenerateName() == null ? "" : meta.getGenerateName(), owners(meta));
    }

    /** {@code metadata.ownerReferences}, entries without kind or name left out (they name no workload). */
    public static List<PodOwner> owners(ObjectMeta meta) {
        List<PodOwner> owners = new ArrayList<>();
        if (meta.getOwnerReferences() != null) {
            for (OwnerReference ref : meta.getOwnerReferences()) {
                if (ref != null && ref.getKind() != null && ref.getName() != null) {
                    owners.add(new PodOwner(ref.getKind(), ref.getName(), Boolean.TRUE.equals(ref.getController())));
                }
            }
        }
        return owners;
    }

    public static PeerAuthenticationSpec peerAuthentication(GenericKubernetesResource object) {
        ObjectMeta meta = meta(object);
        Map<String, Object> spec = map(object.getAdditionalProperties().get("spec"), "spec");
        Map<String, Object> selector = map(spec.get("selector"), "spec.selector");
        Map<String, String> matchLabels = new LinkedHashMap<>();
        map(selector.get("matchLabels"), "spec.selector.matchLabels")
                .forEach((k, v) -> matchLabels.put(k, string(v, "spec.selector.matchLabels." + k)));
        MtlsMode mode = mode(spec.get("mtls"), "spec.mtls");
        Map<Integer, MtlsMode> ports = new LinkedHashMap<>();
        for (Map.Entry<String, Object> port : map(spec.get("portLevelMtls"), "spec.portLevelMtls").entrySet()) {
            ports.put(port(port.getKey()), mode(port.getValue(), "spec.portLevelMtls." + port.getKey()));
        }
        return new PeerAuthenticationSpec(namespace(meta), meta.getName(), created(meta),
                matchLabels.isEmpty() ? Optional.empty() : Optional.of(matchLabels), mode, ports);
    }

    static ObjectMeta meta(GenericKubernetesResource object) {
        ObjectMeta meta = object.getMetadata();
        if (meta == null || meta.getName() == null || meta.getName().isEmpty()) {
            throw new IllegalArgumentException(object.getKind() + ": metadata.name is required");
        }
        return meta;
    }

    static String namespace(ObjectMeta meta) {
        return meta.getNamespace() == null || meta.getNamespace().isEmpty() ? DEFAULT_NAMESPACE : meta.getNamespace();
    }

    private static Instant created(ObjectMeta meta) {
        if (meta.getCreationTimestamp() == null) {
            return Instant.EPOCH;
        }
        try {
            return Instant.parse(meta.getCreationTimestamp());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(meta.getName() + ": metadata.creationTimestamp '" + meta.getCreationTimestamp()
                    + "' is not an RFC 3339 time");
        }
    }

    /** Every address of {@code status.podIPs}, else {@code status.podIP}; none once the pod has terminated. */
    private static List<String> podIPs(Map<String, Object> status) {
        Object phase = status.get("phase");
        if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
            return List.of();
        }
        List<String> ips = new ArrayList<>();
        Object list = status.get("podIPs");
        if (list instanceof List<?> entries) {
            for (Object entry : entries) {
                String ip = string(map(entry, "status.podIPs[]").get("ip"), "status.podIPs[].ip");
                if (ip != null && !ips.contains(IpAddresses.canonical(ip))) {
                    ips.add(IpAddresses.canonical(ip));
                }
            }
        } else if (list != null) {
            throw new IllegalArgumentException("status.podIPs must be a list");
        }
        String single = string(status.get("podIP"), "status.podIP");
        if (ips.isEmpty() && single != null && !single.isEmpty()) {
            ips.add(IpAddresses.canonical(single));
        }
        return ips;
    }

    private static MtlsMode mode(Object mtls, String field) {
        Object mode = map(mtls, field).get("mode");
        try {
            return MtlsMode.parse(string(mode, field + ".mode"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ".mode: " + e.getMessage());
        }
    }

    private static int port(String key) {
        try {
            int port = Integer.parseInt(key);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("spec.portLevelMtls: '" + key + "' is not a port (1-65535)");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value, String field) {
        if (value == null) {
            return Map.of();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), v));
            return out;
        }
        throw new IllegalArgumentException(field + " must be an object");
    }

    static String string(Object value, String field) {
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw new IllegalArgumentException(field + " must be a string");
    }
}
