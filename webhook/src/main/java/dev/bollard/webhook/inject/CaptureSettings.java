package dev.bollard.webhook.inject;

import static dev.bollard.webhook.inject.MeshAnnotations.EXCLUDE_INBOUND_PORTS;
import static dev.bollard.webhook.inject.MeshAnnotations.EXCLUDE_INTERFACES;
import static dev.bollard.webhook.inject.MeshAnnotations.EXCLUDE_OUTBOUND_IP_RANGES;
import static dev.bollard.webhook.inject.MeshAnnotations.EXCLUDE_OUTBOUND_PORTS;
import static dev.bollard.webhook.inject.MeshAnnotations.INCLUDE_INBOUND_PORTS;
import static dev.bollard.webhook.inject.MeshAnnotations.INCLUDE_OUTBOUND_IP_RANGES;
import static dev.bollard.webhook.inject.MeshAnnotations.INCLUDE_OUTBOUND_PORTS;
import static dev.bollard.webhook.inject.MeshAnnotations.KUBEVIRT_INTERFACES;
import static dev.bollard.webhook.inject.MeshAnnotations.REROUTE_VIRTUAL_INTERFACES;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import dev.bollard.iptables.IpRangeSelection;
import dev.bollard.iptables.PortRange;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * The values of the init container's capture flags, one field per flag, already validated by
 * init-iptables' own parser and written as it writes them (comma-joined, {@code *} for
 * everything, empty for nothing, networks with host bits cleared, ranges as {@code 8000:8999}).
 *
 * <p>Defaults follow Istio's template: each flag takes the pod's traffic annotation when it is
 * set (even to nothing) and the mesh-wide value of values.yaml otherwise, so inbound and
 * outbound capture default to every port and address. Inbound never captures the proxy's
 * metrics and health ports nor its status port. {@code ipv6} is on when values.yaml says so or
 * a range names an IPv6 network.
 */
public record CaptureSettings(String includeInboundPorts, String excludeInboundPorts,
                              String includeOutboundIpRanges, String excludeOutboundIpRanges,
                              String excludeOutboundPorts, String includeOutboundPorts,
                              String excludeInterfaces, String rerouteInterfaces, boolean ipv6) {

    /** Reads the pod's traffic annotations; throws {@link InvalidAnnotationException} naming a bad one. */
    public static CaptureSettings of(Pod pod, MeshValues.Proxy proxy, ProxyStatus status) {
        Map<String, String> annotations = PodFacts.annotations(pod);
        String include = annotations.getOrDefault(INCLUDE_OUTBOUND_IP_RANGES, proxy.includeIPRanges());
        String exclude = annotations.getOrDefault(EXCLUDE_OUTBOUND_IP_RANGES, proxy.excludeIPRanges());
        IpRangeSelection includeRanges = TrafficAnnotationParser.cidrs(INCLUDE_OUTBOUND_IP_RANGES, include, true);
        IpRangeSelection excludeRanges = TrafficAnnotationParser.cidrs(EXCLUDE_OUTBOUND_IP_RANGES, exclude, false);
        return new CaptureSettings(
                TrafficAnnotationParser.ports(INCLUDE_INBOUND_PORTS,
                        annotations.getOrDefault(INCLUDE_INBOUND_PORTS, proxy.includeInboundPorts()), true),
                excludeInbound(proxy, status, annotations.getOrDefault(EXCLUDE_INBOUND_PORTS, proxy.excludeInboundPorts())),
                TrafficAnnotationParser.asWritten(include),
                TrafficAnnotationParser.asWritten(exclude),
                TrafficAnnotationParser.ports(EXCLUDE_OUTBOUND_PORTS,
                        annotations.getOrDefault(EXCLUDE_OUTBOUND_PORTS, proxy.excludeOutboundPorts()), false),
                TrafficAnnotationParser.ports(INCLUDE_OUTBOUND_PORTS,
                        annotations.getOrDefault(INCLUDE_OUTBOUND_PORTS, proxy.includeOutboundPorts()), false),
                TrafficAnnotationParser.interfaces(EXCLUDE_INTERFACES, annotations.getOrDefault(EXCLUDE_INTERFACES, "")),
                rerouteInterfaces(annotations),
                // an IPv6 range the user names must take effect, which only ip6tables rules can do
                proxy.ipv6() || TrafficAnnotationParser.namesIpv6(includeRanges)
                        || TrafficAnnotationParser.namesIpv6(excludeRanges));
    }

    /** Istio's newer annotation replaces the KubeVirt-named one when both are set. */
    private static String rerouteInterfaces(Map<String, String> annotations) {
        String name = annotations.containsKey(REROUTE_VIRTUAL_INTERFACES) ? REROUTE_VIRTUAL_INTERFACES : KUBEVIRT_INTERFACES;
        return TrafficAnnotationParser.interfaces(name, annotations.getOrDefault(name, ""));
    }

    /** The sidecar's metrics and health ports, its status port (if any), then the user's, without duplicates. */
    private static String excludeInbound(MeshValues.Proxy proxy, ProxyStatus status, String excluded) {
        Set<PortRange> ports = new LinkedHashSet<>();
        proxy.ownInboundPorts().forEach(port -> ports.add(PortRange.of(port)));
        if (status.enabled()) {
            ports.add(PortRange.of(status.port()));
        }
        ports.addAll(TrafficAnnotationParser.portList(EXCLUDE_INBOUND_PORTS, excluded));
        return TrafficAnnotationParser.join(new ArrayList<>(ports));
    }
}
