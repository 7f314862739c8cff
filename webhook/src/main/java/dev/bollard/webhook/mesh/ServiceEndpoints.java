package dev.bollard.webhook.mesh;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code services} of a feed snapshot, from a {@link MeshState} (pure): each Service with a
 * ClusterIP, each TCP port with its ready endpoints (pod IP and pod port), in a stable order
 * (services by namespace/name, ports by number, endpoints by address then port). A port without
 * endpoints, and a Service left without ports, is not listed: the proxy then passes the ClusterIP
 * through and kube-proxy answers as it would without a mesh.
 * <p>
 * Endpoints come from the Service's EndpointSlices when there is at least one (a cluster: the
 * EndpointSlice controller writes one for every Service with a selector, empty if need be). With none,
 * a Service with a selector gets the pods of its namespace whose labels match, each listing the
 * {@code targetPort} number or its named container port ({@code make run}, where no controller runs).
 */
public final class ServiceEndpoints {
    private static final Comparator<FeedSnapshot.ServiceEndpoint> ORDER =
            Comparator.comparing(FeedSnapshot.ServiceEndpoint::ip, IpAddresses.NUMERIC).thenComparingInt(FeedSnapshot.ServiceEndpoint::port);

    private ServiceEndpoints() {
    }

    public static List<FeedSnapshot.Service> of(MeshState state) {
        List<FeedSnapshot.Service> out = new ArrayList<>();
        for (MeshService service : state.services()) {
            if (service.clusterIPs().isEmpty()) {
                continue; // headless or ExternalName: no virtual address a proxy could see
            }
            List<MeshEndpointSlice> slices = state.slices().stream()
                    .filter(s -> s.namespace().equals(service.namespace()) && s.serviceName().equals(service.name())).toList();
            List<FeedSnapshot.ServicePort> ports = new ArrayList<>();
            for (MeshService.Port port : service.ports()) {
                List<FeedSnapshot.ServiceEndpoint> endpoints = new ArrayList<>(slices.isEmpty()
                        ? fromPods(state.pods(), service, port) : fromSlices(slices, port));
                endpoints.sort(ORDER);
                if (!endpoints.isEmpty()) {
                    ports.add(new FeedSnapshot.ServicePort(port.port(), endpoints));
                }
            }
            ports.sort(Comparator.comparingInt(FeedSnapshot.ServicePort::port));
            if (!ports.isEmpty()) {
                out.add(new FeedSnapshot.Service(service.namespace(), service.name(), service.clusterIPs(), ports));
            }
        }
        return List.copyOf(out);
    }

    /** Ready endpoints of every slice that serves the port (slice ports carry the Service port's name). */
    private static Set<FeedSnapshot.ServiceEndpoint> fromSlices(List<MeshEndpointSlice> slices, MeshService.Port port) {
        Set<FeedSnapshot.ServiceEndpoint> out = new LinkedHashSet<>();
        for (MeshEndpointSlice slice : slices) {
            for (MeshEndpointSlice.Port slicePort : slice.ports()) {
                if (!slicePort.name().equals(port.name())) {
                    continue;
                }
                for (MeshEndpointSlice.Endpoint endpoint : slice.endpoints()) {
                    if (endpoint.ready()) {
                        endpoint.addresses().forEach(ip -> out.add(new FeedSnapshot.ServiceEndpoint(ip, slicePort.port())));
                    }
                }
            }
        }
        return out;
    }

    /** Pods the selector matches, with an address and, for a named targetPort, a container port of that name. */
    private static Set<FeedSnapshot.ServiceEndpoint> fromPods(List<MeshPod> pods, MeshService service, MeshService.Port port) {
        Set<FeedSnapshot.ServiceEndpoint> out = new LinkedHashSet<>();
        if (service.selector().isEmpty()) {
            return out; // endpoints managed by hand: only EndpointSlices can name them
        }
        for (MeshPod pod : pods) {
            if (!pod.namespace().equals(service.namespace()) || !matches(service.selector().get(), pod.labels())) {
                continue;
            }
            Integer target = port.targetPortName().isEmpty() ? Integer.valueOf(port.targetPort())
                    : pod.namedPorts().get(port.targetPortName());
            if (target != null) {
                pod.podIPs().forEach(ip -> out.add(new FeedSnapshot.ServiceEndpoint(ip, target)));
            }
        }
        return out;
    }

    private static boolean matches(Map<String, String> selector, Map<String, String> labels) {
        return selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }
}
