package dev.bollard.webhook.mesh;

import java.util.List;
import java.util.Objects;

/**
 * What the mesh needs of a {@code discovery.k8s.io/v1} EndpointSlice: the Service it belongs to
 * (label {@code kubernetes.io/service-name}), its TCP ports by name, and its endpoints with their
 * readiness. FQDN slices carry no endpoints here: their addresses are names, not pod IPs.
 */
public record MeshEndpointSlice(String namespace, String name, String serviceName, List<Port> ports, List<Endpoint> endpoints) {
    public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    public MeshEndpointSlice {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(serviceName, "serviceName");
        ports = List.copyOf(ports);
        endpoints = List.copyOf(endpoints);
    }

    /** @param name matches the Service port's name ({@code ""} for an unnamed port) */
    public record Port(String name, int port) {
    }

    /** @param ready {@code conditions.ready}, where an absent value counts as ready (the API's rule) */
    public record Endpoint(List<String> addresses, boolean ready) {
        public Endpoint {
            addresses = List.copyOf(addresses);
        }
    }

    public String ref() {
        return namespace + "/" + name;
    }
}
