package dev.bollard.webhook.mesh;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the mesh needs of a Kubernetes Service: its ClusterIPs, its TCP ports and how they map to
 * pod ports, and its selector (used only under {@code make run}, where no EndpointSlice controller
 * runs). {@code clusterIPs} is empty for a headless ({@code clusterIP: None}) or ExternalName
 * Service: there is no virtual address to resolve, clients dial pod IPs (already meshed) or a name.
 *
 * @param selector empty when the Service has none: its endpoints come from EndpointSlices only
 */
public record MeshService(String namespace, String name, List<String> clusterIPs, Optional<Map<String, String>> selector,
        List<Port> ports) {

    public MeshService {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        clusterIPs = List.copyOf(clusterIPs);
        selector = selector.map(Map::copyOf);
        ports = List.copyOf(ports);
    }

    /**
     * One TCP port of the Service.
     *
     * @param name           the port's name, {@code ""} when unnamed (EndpointSlice ports carry the same name)
     * @param targetPort     the pod port when given as a number (defaults to {@code port})
     * @param targetPortName the container port name when given as a name, else {@code ""}
     */
    public record Port(String name, int port, int targetPort, String targetPortName) {
        public Port {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(targetPortName, "targetPortName");
        }
    }

    public String ref() {
        return namespace + "/" + name;
    }
}
