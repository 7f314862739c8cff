package dev.bollard.webhook.mesh;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;

/**
 * Reads {@link MeshService}, {@link MeshEndpointSlice} and a pod's named container ports out of
 * generic Kubernetes objects, as {@link MeshObjects} does for pods and policies. Only TCP ports are
 * kept (the proxy relays TCP; a missing {@code protocol} is TCP, as in the API). Throws
 * {@link IllegalArgumentException} naming the field when an object cannot be used.
 */
public final class ServiceObjects {
    public static final String SERVICE = "Service";
    public static final String ENDPOINT_SLICE = "EndpointSlice";
    public static final String DISCOVERY_GROUP = "discovery.k8s.io";
    private static final String TCP = "TCP";
    private static final String HEADLESS = "None";
    private static final String EXTERNAL_NAME = "ExternalName";

    private ServiceObjects() {
    }

    public static MeshService service(GenericKubernetesResource object) {
        ObjectMeta meta = MeshObjects.meta(object);
        Map<String, Object> spec = MeshObjects.map(object.getAdditionalProperties().get("spec"), "spec");
        Map<String, String> selector = new LinkedHashMap<>();
        MeshObjects.map(spec.get("selector"), "spec.selector").forEach((k, v) -> selector.put(k, MeshObjects.string(v, "spec.selector." + k)));
        List<MeshService.Port> ports = new ArrayList<>();
        List<Object> specPorts = list(spec.get("ports"), "spec.ports");
        for (int i = 0; i < specPorts.size(); i++) {
            String at = "spec.ports[" + i + "]";
            Map<String, Object> port = MeshObjects.map(specPorts.get(i), at);
            if (!isTcp(port, at)) {
                continue;
            }
            int number = port(port.get("port"), at + ".port");
            Object target = port.get("targetPort");
            String name = Optional.ofNullable(MeshObjects.string(port.get("name"), at + ".name")).orElse("");
            if (target instanceof String named && !named.matches("\\d+")) {
                ports.add(new MeshService.Port(name, number, 0, named));
            } else {
                ports.add(new MeshService.Port(name, number, target == null ? number : port(target, at + ".targetPort"), ""));
            }
        }
        return new MeshService(MeshObjects.namespace(meta), meta.getName(), clusterIPs(spec),
                selector.isEmpty() ? Optional.empty() : Optional.of(selector), ports);
    }

    /** Every ClusterIP (dual stack lists two); none for a headless or ExternalName Service. */
    private static List<String> clusterIPs(Map<String, Object> spec) {
        if (EXTERNAL_NAME.equals(spec.get("type"))) {
            return List.of();
        }
        List<Object> listed = list(spec.get("clusterIPs"), "spec.clusterIPs");
        List<Object> ips = listed.isEmpty() && spec.get("clusterIP") != null ? List.of(spec.get("clusterIP")) : listed;
        List<String> out = new ArrayList<>();
        for (Object ip : ips) {
            String text = MeshObjects.string(ip, "spec.clusterIPs[]");
            if (text == null || text.isEmpty() || HEADLESS.equals(text)) {
                return List.of();
            }
            out.add(IpAddresses.canonical(text));
        }
        return out;
    }

    public static MeshEndpointSlice endpointSlice(GenericKubernetesResource object) {
        ObjectMeta meta = MeshObjects.meta(object);
        Map<String, Object> fields = object.getAdditionalProperties();
        String service = meta.getLabels() == null ? null : meta.getLabels().get(MeshEndpointSlice.SERVICE_NAME_LABEL);
        if (service == null || service.isEmpty()) {
            throw new IllegalArgumentException("metadata.labels." + MeshEndpointSlice.SERVICE_NAME_LABEL + " is required");
        }
        List<MeshEndpointSlice.Port> ports = new ArrayList<>();
        List<Object> slicePorts = list(fields.get("ports"), "ports");
        for (int i = 0; i < slicePorts.size(); i++) {
            String at = "ports[" + i + "]";
            Map<String, Object> port = MeshObjects.map(slicePorts.get(i), at);
            if (isTcp(port, at) && port.get("port") != null) { // no port: "all ports", which a Service never asks for
                ports.add(new MeshEndpointSlice.Port(Optional.ofNullable(MeshObjects.string(port.get("name"), at + ".name")).orElse(""),
                        port(port.get("port"), at + ".port")));
            }
        }
        List<MeshEndpointSlice.Endpoint> endpoints = new ArrayList<>();
        if (!"FQDN".equals(fields.get("addressType"))) {
            List<Object> listed = list(fields.get("endpoints"), "endpoints");
            for (int i = 0; i < listed.size(); i++) {
                endpoints.add(endpoint(MeshObjects.map(listed.get(i), "endpoints[" + i + "]"), "endpoints[" + i + "]"));
            }
        }
        return new MeshEndpointSlice(MeshObjects.namespace(meta), meta.getName(), service, ports, endpoints);
    }

    private static MeshEndpointSlice.Endpoint endpoint(Map<String, Object> endpoint, String at) {
        List<String> addresses = new ArrayList<>();
        for (Object address : list(endpoint.get("addresses"), at + ".addresses")) {
            addresses.add(IpAddresses.canonical(MeshObjects.string(address, at + ".addresses[]")));
        }
        Object ready = MeshObjects.map(endpoint.get("conditions"), at + ".conditions").get("ready");
        return new MeshEndpointSlice.Endpoint(addresses, !Boolean.FALSE.equals(ready));
    }

    /** Named TCP ports of {@code spec.containers[].ports[]}; the first container naming a port wins. */
    static Map<String, Integer> namedPorts(Map<String, Object> podSpec) {
        Map<String, Integer> named = new LinkedHashMap<>();
        for (Object container : list(podSpec.get("containers"), "spec.containers")) {
            for (Object entry : list(MeshObjects.map(container, "spec.containers[]").get("ports"), "spec.containers[].ports")) {
                Map<String, Object> port = MeshObjects.map(entry, "spec.containers[].ports[]");
                String name = MeshObjects.string(port.get("name"), "spec.containers[].ports[].name");
                if (name != null && !name.isEmpty() && isTcp(port, "spec.containers[].ports[]")) {
                    named.putIfAbsent(name, port(port.get("containerPort"), "spec.containers[].ports[" + name + "].containerPort"));
                }
            }
        }
        return named;
    }

    private static boolean isTcp(Map<String, Object> port, String at) {
        String protocol = MeshObjects.string(port.get("protocol"), at + ".protocol");
        return protocol == null || TCP.equals(protocol);
    }

    private static int port(Object value, String at) {
        if (value instanceof Number n && n.doubleValue() == n.intValue() && n.intValue() >= 1 && n.intValue() <= 65535) {
            return n.intValue();
        }
        if (value instanceof String s && s.matches("\\d{1,5}") && Integer.parseInt(s) >= 1 && Integer.parseInt(s) <= 65535) {
            return Integer.parseInt(s);
        }
        throw new IllegalArgumentException(at + ": '" + value + "' is not a port (1-65535)");
    }

    private static List<Object> list(Object value, String at) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return new ArrayList<>(list);
        }
        throw new IllegalArgumentException(at + " must be a list");
    }
}
