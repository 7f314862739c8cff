package dev.bollard.webhook.inject;

import static dev.bollard.webhook.inject.MeshAnnotations.EXCLUDE_INBOUND_PORTS;
import static dev.bollard.webhook.inject.MeshAnnotations.EXCLUDE_INTERFACES;
import static dev.bollard.webhook.inject.MeshAnnotations.EXCLUDE_OUTBOUND_IP_RANGES;
import static dev.bollard.webhook.inject.MeshAnnotations.EXCLUDE_OUTBOUND_PORTS;
import static dev.bollard.webhook.inject.MeshAnnotations.INCLUDE_INBOUND_PORTS;
import static dev.bollard.webhook.inject.MeshAnnotations.INCLUDE_OUTBOUND_IP_RANGES;
import static dev.bollard.webhook.inject.MeshAnnotations.INCLUDE_OUTBOUND_PORTS;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * The values of the init container's capture flags, one field per flag, already validated and
 * normalised (comma-joined, {@code *} for everything, empty for nothing).
 *
 * <p>Defaults follow Istio: inbound ports are the pod's declared container ports ({@code *} when
 * it declares none, so an undeclared server is still inside the mesh), all outbound IP ranges
 * are captured, and the sidecar's own health/metrics ports are never captured inbound.
 */
public record CaptureSettings(String includeInboundPorts, String excludeInboundPorts,
                              String includeOutboundIpRanges, String excludeOutboundIpRanges,
                              String excludeOutboundPorts, String includeOutboundPorts,
                              String excludeInterfaces) {

    /** Reads the pod's traffic annotations; throws {@link InvalidAnnotationException} naming a bad one. */
    public static CaptureSettings of(Pod pod, MeshValues.Proxy proxy) {
        Map<String, String> annotations = PodFacts.annotations(pod);
        String includeInbound = annotations.containsKey(INCLUDE_INBOUND_PORTS)
                ? TrafficAnnotationParser.ports(INCLUDE_INBOUND_PORTS, annotations.get(INCLUDE_INBOUND_PORTS), true)
                : declaredPorts(pod);
        return new CaptureSettings(
                includeInbound,
                excludeInbound(proxy, annotations.getOrDefault(EXCLUDE_INBOUND_PORTS, "")),
                TrafficAnnotationParser.cidrs(INCLUDE_OUTBOUND_IP_RANGES,
                        annotations.getOrDefault(INCLUDE_OUTBOUND_IP_RANGES, TrafficAnnotationParser.WILDCARD), true),
                TrafficAnnotationParser.cidrs(EXCLUDE_OUTBOUND_IP_RANGES,
                        annotations.getOrDefault(EXCLUDE_OUTBOUND_IP_RANGES, ""), false),
                TrafficAnnotationParser.ports(EXCLUDE_OUTBOUND_PORTS,
                        annotations.getOrDefault(EXCLUDE_OUTBOUND_PORTS, ""), false),
                TrafficAnnotationParser.ports(INCLUDE_OUTBOUND_PORTS,
                        annotations.getOrDefault(INCLUDE_OUTBOUND_PORTS, ""), true),
                TrafficAnnotationParser.interfaces(EXCLUDE_INTERFACES, annotations.getOrDefault(EXCLUDE_INTERFACES, "")));
    }

    /** The sidecar's own ports first (as Istio writes them), then the user's, without duplicates. */
    private static String excludeInbound(MeshValues.Proxy proxy, String annotation) {
        Set<Integer> ports = new LinkedHashSet<>(proxy.ownInboundPorts());
        String user = TrafficAnnotationParser.ports(EXCLUDE_INBOUND_PORTS, annotation, false);
        if (!user.isEmpty()) {
            for (String port : user.split(",")) {
                ports.add(Integer.parseInt(port));
            }
        }
        return TrafficAnnotationParser.join(new ArrayList<>(ports));
    }

    /** Every TCP containerPort of app containers and native sidecars (init containers that keep running). */
    private static String declaredPorts(Pod pod) {
        Set<Integer> ports = new LinkedHashSet<>();
        List<Container> containers = new ArrayList<>(PodFacts.containers(pod));
        PodFacts.initContainers(pod).stream()
                .filter(c -> "Always".equals(c.getRestartPolicy()))
                .forEach(containers::add);
        for (Container container : containers) {
            if (container.getPorts() == null) {
                continue;
            }
            for (ContainerPort port : container.getPorts()) {
                boolean tcp = port.getProtocol() == null || "TCP".equalsIgnoreCase(port.getProtocol());
                if (tcp && port.getContainerPort() != null) {
                    ports.add(port.getContainerPort());
                }
            }
        }
        return ports.isEmpty() ? TrafficAnnotationParser.WILDCARD : TrafficAnnotationParser.join(new ArrayList<>(ports));
    }
}
