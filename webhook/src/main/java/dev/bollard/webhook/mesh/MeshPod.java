package dev.bollard.webhook.mesh;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the mesh needs of a Pod: where it is, who it is (its ServiceAccount) and whether it speaks
 * mTLS ({@code security.istio.io/tlsMode}, {@code istio} for an injected pod). {@code podIPs} is
 * empty while the pod has no address and once it has terminated (its IP may be reused).
 * {@code namedPorts} holds its containers' named TCP ports, for a Service's {@code targetPort} by name.
 * {@code generateName} ("" when absent) and {@code owners} name the workload the pod belongs to
 * ({@link TelemetryLabels}).
 */
public record MeshPod(String namespace, String name, String serviceAccount, Map<String, String> labels,
        List<String> podIPs, Optional<String> tlsMode, Instant creationTimestamp, Map<String, Integer> namedPorts,
        String generateName, List<PodOwner> owners) {
    public static final String TLS_MODE_LABEL = "security.istio.io/tlsMode";
    public static final String TLS_MODE_ISTIO = "istio";

    public MeshPod {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(serviceAccount, "serviceAccount");
        Objects.requireNonNull(tlsMode, "tlsMode");
        Objects.requireNonNull(creationTimestamp, "creationTimestamp");
        labels = Map.copyOf(labels);
        podIPs = List.copyOf(podIPs);
        namedPorts = Map.copyOf(namedPorts);
        Objects.requireNonNull(generateName, "generateName");
        owners = List.copyOf(owners);
    }

    /** A pod that no controller owns. */
    public MeshPod(String namespace, String name, String serviceAccount, Map<String, String> labels,
            List<String> podIPs, Optional<String> tlsMode, Instant creationTimestamp, Map<String, Integer> namedPorts) {
        this(namespace, name, serviceAccount, labels, podIPs, tlsMode, creationTimestamp, namedPorts, "", List.of());
    }

    /** A pod without named container ports. */
    public MeshPod(String namespace, String name, String serviceAccount, Map<String, String> labels,
            List<String> podIPs, Optional<String> tlsMode, Instant creationTimestamp) {
        this(namespace, name, serviceAccount, labels, podIPs, tlsMode, creationTimestamp, Map.of());
    }

    /** An endpoint of the mesh: labelled {@code tlsMode=istio} and holding an address. */
    public boolean isMeshEndpoint() {
        return tlsMode.filter(TLS_MODE_ISTIO::equals).isPresent() && !podIPs.isEmpty();
    }

    /** {@code namespace/name}, as the feed and the connection log name workloads. */
    public String ref() {
        return namespace + "/" + name;
    }
}
