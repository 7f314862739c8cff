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
 * {@code ipv6} is on when values.yaml says so or an annotation names an IPv6 range.
 */
public record CaptureSettings(String includeInboundPorts, String excludeInboundPorts,
                              String includeOutboundIpRanges, String excludeOutboundIpRanges,
                              String excludeOutboundPorts, String includeOutboundPorts,
                              String excludeInterfaces, boolean ipv6) {

    /** Reads the pod's traffic annotations; throws {@link InvalidAnnotationException} naming a bad one. */
    public static CaptureSettings of(Pod pod, MeshValues.Proxy proxy) {
        Map<String, String> annotations = PodFacts.annotations(pod);
        String includeInbound = annotations.containsKey(INCLUDE_INBOUND_PORTS)
                ? TrafficAnnotationParser.ports(INCLUDE_INBOUND_PORTS, annotations.get(INCLUDE_INBOUND_PORTS), true)
                : declaredPorts(pod);
        String includeRanges = TrafficAnnotationParser.cidrs(INCLUDE_OUTBOUND_IP_RANGES,
                annotations.getOrDefault(INCLUDE_OUTBOUND_IP_RANGES, TrafficAnnotationParser.WILDCARD), true);
        String excludeRanges = TrafficAnnotationParser.cidrs(EXCLUDE_OUTBOUND_IP_RANGES,
                annotations.getOrDefault(EXCLUDE_OUTBOUND_IP_RANGES, ""), false);
        return new CaptureSettings(
                includeInbound,
                excludeInbound(proxy, annotations.getOrDefault(EXCLUDE_INBOUND_PORTS, "")),
                includeRanges,
                excludeRanges,
                TrafficAnnotationParser.ports(EXCLUDE_OUTBOUND_PORTS,
                        annotations.getOrDefault(EXCLUDE_OUTBOUND_PORTS, ""), false),
                TrafficAnnotationParser.ports(INCLUDE_OUTBOUND_PORTS,
                        annotations.getOrDefault(INCLUDE_OUTBOUND_PORTS, ""), false),
                TrafficAnnotationParser.interfaces(EXCLUDE_INTERFACES, annotations.getOrDefault(EXCLUDE_INTERFACES, "")),
                // an IPv6 range the user names must take effect, which only ip6tables rules can do
                proxy.ipv6() || includeRanges.contains(":") || excludeRanges.contains(":"));
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
                if (port == null || port.getContainerPort() == null) {
                    continue;
                }
                boolean tcp = port.getProtocol() == null || "TCP".equalsIgnoreCase(port.getProtocol());
                // an out-of-range port is the API server's to reject; it must not break istio-init first
                if (tcp && port.getContainerPort() >= 1 && port.getContainerPort() <= 65535) {
                    ports.add(port.getContainerPort());
                }
            }
        }
        return ports.isEmpty() ? TrafficAnnotationParser.WILDCARD : TrafficAnnotationParser.join(new ArrayList<>(ports));
    }
}
