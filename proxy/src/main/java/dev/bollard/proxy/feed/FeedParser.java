package dev.bollard.proxy.feed;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bollard.identity.SpiffeId;
import dev.bollard.identity.TrustDomain;
import dev.bollard.proxy.state.MeshEndpoint;
import dev.bollard.proxy.state.MeshSnapshot;
import dev.bollard.proxy.state.MtlsPolicy;
import dev.bollard.proxy.state.PeerAuthenticationMode;
import dev.bollard.proxy.state.ServiceTarget;
import dev.bollard.proxy.state.WorkloadTelemetry;
import dev.bollard.proxy.authz.AuthorizationPolicies;
import dev.bollard.proxy.authz.Authorizer;

/**
 * One feed line → {@link FeedMessage}, validated whole: a snapshot with one bad field is refused
 * as a whole (the caller keeps its last good one), with a message naming the field, e.g.
 * {@code endpoints[2].ip: '10.0.0.x' is not an IP address}. Pure: no I/O, no clock.
 */
public final class FeedParser {
    /** The only endpoints the data plane originates mTLS to (Istio's tlsMode label value). */
    static final String TLS_MODE_ISTIO = "istio";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private FeedParser() {
    }

    /** @throws IllegalArgumentException naming the first field that is missing or invalid */
    public static FeedMessage parse(String line) {
        JsonNode root;
        try {
            root = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        String type = text(root, "type", "type");
        return switch (type) {
            case "snapshot" -> snapshot(root);
            case "heartbeat" -> new FeedMessage.Heartbeat();
            default -> new FeedMessage.Unknown(type);
        };
    }

    private static FeedMessage.Snapshot snapshot(JsonNode root) {
        String version = text(root, "version", "version");
        TrustDomain trustDomain = field("trustDomain", () -> TrustDomain.parse(text(root, "trustDomain", "trustDomain")));
        Optional<FeedMessage.Workload> workload = workload(root.get("workload"));
        MtlsPolicy self = policy(root.get("peerAuthentication"), "peerAuthentication");
        JsonNode endpoints = root.get("endpoints");
        if (endpoints == null || !endpoints.isArray()) {
            throw new IllegalArgumentException("endpoints: must be an array");
        }
        Map<InetAddress, MeshEndpoint> byIp = new LinkedHashMap<>();
        for (int i = 0; i < endpoints.size(); i++) {
            String at = "endpoints[" + i + "]";
            JsonNode e = endpoints.get(i);
            if (!e.isObject()) {
                throw new IllegalArgumentException(at + ": must be an object");
            }
            InetAddress ip = ip(text(e, "ip", at + ".ip"), at + ".ip");
            SpiffeId identity = field(at + ".identity", () -> SpiffeId.parse(text(e, "identity", at + ".identity")));
            String namespace = text(e, "namespace", at + ".namespace");
            String workloadName = namespace + "/" + text(e, "name", at + ".name");
            WorkloadTelemetry telemetry = telemetry(e.get("telemetry"), namespace, at + ".telemetry");
            MtlsPolicy mtls = policy(e.get("peerAuthentication"), at + ".peerAuthentication");
            String tlsMode = e.path("tlsMode").asText(TLS_MODE_ISTIO);
            if (!TLS_MODE_ISTIO.equals(tlsMode)) {
                continue; // not meshed (a newer control plane may list more); plain TCP to it
            }
            if (byIp.put(ip, new MeshEndpoint(ip, identity, workloadName, mtls, telemetry)) != null) {
                throw new IllegalArgumentException(at + ".ip: " + ip.getHostAddress() + " is listed twice");
            }
        }
        Authorizer authorization = AuthorizationPolicies.parse(root.get("authorizationPolicies"), "authorizationPolicies");
        WorkloadTelemetry own = workload.isEmpty() ? WorkloadTelemetry.NONE
                : telemetry(root.get("workload").get("telemetry"), workload.get().namespace(), "workload.telemetry");
        return new FeedMessage.Snapshot(new MeshSnapshot(version, self, byIp, services(root.get("services")), authorization, own),
                trustDomain, workload);
    }

    /**
     * {@code telemetry}: Istio's metric labels of a workload. Missing (an older control plane) or a
     * missing field means {@code unknown}; a present field must be a string.
     */
    private static WorkloadTelemetry telemetry(JsonNode node, String namespace, String at) {
        if (node == null || node.isNull()) {
            return WorkloadTelemetry.inNamespace(namespace);
        }
        object(node, at);
        return new WorkloadTelemetry(namespace, label(node, "workloadName", at), label(node, "canonicalService", at),
                label(node, "canonicalRevision", at), label(node, "app", at), label(node, "version", at));
    }

    private static String label(JsonNode node, String name, String at) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return WorkloadTelemetry.UNKNOWN;
        }
        if (!value.isTextual() || value.asText().isEmpty()) {
            throw new IllegalArgumentException(at + "." + name + ": must be a non-empty string");
        }
        return value.asText();
    }

    /**
     * {@code services}: ClusterIP:port → ready endpoints. Missing means none (a control plane older
     * than Service support); present, every entry must be valid, and one ClusterIP:port is listed once.
     */
    private static Map<InetSocketAddress, ServiceTarget> services(JsonNode services) {
        Map<InetSocketAddress, ServiceTarget> byVip = new LinkedHashMap<>();
        if (services == null) {
            return byVip;
        }
        JsonNode list = array(services, "services");
        for (int i = 0; i < list.size(); i++) {
            String at = "services[" + i + "]";
            JsonNode s = object(list.get(i), at);
            String name = text(s, "namespace", at + ".namespace") + "/" + text(s, "name", at + ".name");
            JsonNode vips = array(s.get("vips"), at + ".vips");
            JsonNode ports = array(s.get("ports"), at + ".ports");
            for (int p = 0; p < ports.size(); p++) {
                String portAt = at + ".ports[" + p + "]";
                JsonNode port = object(ports.get(p), portAt);
                int number = number(port, "port", portAt + ".port");
                ServiceTarget target = new ServiceTarget(name, endpoints(port.get("endpoints"), portAt + ".endpoints"));
                for (int v = 0; v < vips.size(); v++) {
                    String vipAt = at + ".vips[" + v + "]";
                    JsonNode vip = vips.get(v);
                    InetSocketAddress key = new InetSocketAddress(ip(vip.isTextual() ? vip.asText() : String.valueOf(vip), vipAt), number);
                    if (byVip.put(key, target) != null) {
                        throw new IllegalArgumentException(vipAt + ": " + key.getAddress().getHostAddress() + ":" + number
                                + " is listed twice");
                    }
                }
            }
        }
        return byVip;
    }

    private static List<InetSocketAddress> endpoints(JsonNode node, String at) {
        List<InetSocketAddress> out = new ArrayList<>();
        JsonNode endpoints = array(node, at);
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException(at + ": must not be empty");
        }
        for (int e = 0; e < endpoints.size(); e++) {
            String endpointAt = at + "[" + e + "]";
            JsonNode endpoint = object(endpoints.get(e), endpointAt);
            out.add(new InetSocketAddress(ip(text(endpoint, "ip", endpointAt + ".ip"), endpointAt + ".ip"),
                    number(endpoint, "port", endpointAt + ".port")));
        }
        return out;
    }

    private static JsonNode array(JsonNode node, String at) {
        if (node == null || !node.isArray()) {
            throw new IllegalArgumentException(at + ": must be an array");
        }
        return node;
    }

    private static JsonNode object(JsonNode node, String at) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(at + ": must be an object");
        }
        return node;
    }

    /** A port as a JSON number in 1-65535. */
    private static int number(JsonNode node, String name, String at) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException(at + ": is missing");
        }
        if (!value.isIntegralNumber() || value.asLong() < 1 || value.asLong() > 65535) {
            throw new IllegalArgumentException(at + ": " + value + " is not a port (1-65535)");
        }
        return value.asInt();
    }

    private static Optional<FeedMessage.Workload> workload(JsonNode node) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("workload: must be an object or null");
        }
        SpiffeId identity = field("workload.identity", () -> SpiffeId.parse(text(node, "identity", "workload.identity")));
        return Optional.of(new FeedMessage.Workload(text(node, "namespace", "workload.namespace"),
                text(node, "name", "workload.name"), text(node, "serviceAccount", "workload.serviceAccount"), identity));
    }

    private static MtlsPolicy policy(JsonNode node, String at) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(at + ": must be an object");
        }
        PeerAuthenticationMode mode = field(at + ".mode", () -> PeerAuthenticationMode.parse(text(node, "mode", at + ".mode")));
        Map<Integer, PeerAuthenticationMode> ports = new HashMap<>();
        JsonNode portLevel = node.get("portLevelMtls");
        if (portLevel != null && !portLevel.isNull()) {
            if (!portLevel.isObject()) {
                throw new IllegalArgumentException(at + ".portLevelMtls: must be an object");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = portLevel.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                String where = at + ".portLevelMtls[" + entry.getKey() + "]";
                int port = port(entry.getKey(), where);
                ports.put(port, field(where, () -> PeerAuthenticationMode.parse(entry.getValue().isTextual()
                        ? entry.getValue().asText() : null)));
            }
        }
        String source = node.path("policy").isTextual() ? node.get("policy").asText() : "";
        return new MtlsPolicy(mode, ports, source);
    }

    private static int port(String key, String at) {
        if (!key.matches("[0-9]{1,5}")) {
            throw new IllegalArgumentException(at + ": port '" + key + "' is not a number");
        }
        int port = Integer.parseInt(key);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(at + ": port " + port + " is not in 1-65535");
        }
        return port;
    }

    /**
     * An IP literal only (IPv4 dotted quad or IPv6), never a host name: a name here would make the
     * proxy resolve DNS on every update. {@code at} names the field in the error.
     */
    public static InetAddress ip(String text, String at) {
        boolean literal = IPV4.matcher(text).matches() || (text.indexOf(':') >= 0 && IPV6.matcher(text).matches());
        if (literal) {
            try {
                return InetAddress.getByName(text); // a literal: parsed, never resolved
            } catch (UnknownHostException e) {
                // falls through to the refusal
            }
        }
        throw new IllegalArgumentException(at + ": '" + text + "' is not an IP address");
    }

    private static String text(JsonNode node, String name, String at) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException(at + ": is missing");
        }
        if (!value.isTextual() || value.asText().isEmpty()) {
            throw new IllegalArgumentException(at + ": must be a non-empty string");
        }
        return value.asText();
    }

    /** Prefixes a value check's own message with the field it failed on. */
    private static <T> T field(String at, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            throw new IllegalArgumentException(message.startsWith(at + ":") ? message : at + ": " + message, e);
        }
    }
}
