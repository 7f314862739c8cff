package dev.bollard.proxy.telemetry;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import dev.bollard.proxy.state.MeshSnapshot;
import dev.bollard.proxy.state.ServiceTarget;

/**
 * Which Service an inbound connection came for: the snapshot lists Services by ClusterIP:port with
 * their endpoints, so the one listing this pod's IP and the connection's port is the inbound
 * destination service. When several do, the first by name wins, so the label is stable.
 * Built once per snapshot.
 */
final class ServiceIndex {
    static final ServiceIndex EMPTY = new ServiceIndex(Map.of());

    private final Map<InetSocketAddress, String> byEndpoint;

    private ServiceIndex(Map<InetSocketAddress, String> byEndpoint) {
        this.byEndpoint = byEndpoint;
    }

    static ServiceIndex of(MeshSnapshot snapshot) {
        Map<InetSocketAddress, String> index = new HashMap<>();
        for (ServiceTarget target : snapshot.services().values()) {
            for (InetSocketAddress endpoint : target.endpoints()) {
                index.merge(endpoint, target.name(), (a, b) -> a.compareTo(b) <= 0 ? a : b);
            }
        }
        return new ServiceIndex(Map.copyOf(index));
    }

    /** The Service ({@code ns/name}) that has {@code endpoint} (pod IP and target port) ready. */
    Optional<String> serving(InetSocketAddress endpoint) {
        return Optional.ofNullable(byEndpoint.get(endpoint));
    }
}
