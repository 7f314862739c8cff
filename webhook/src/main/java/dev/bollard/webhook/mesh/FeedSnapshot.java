package dev.bollard.webhook.mesh;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

/**
 * One {@code "type":"snapshot"} line of the feed, field for field as the contract spells it.
 * {@code workload} is null while the pod is unknown. Equality ignoring {@link #version} tells
 * whether a proxy's view changed.
 */
@JsonPropertyOrder({"type", "version", "trustDomain", "workload", "peerAuthentication", "authorizationPolicies", "endpoints", "services"})
@JsonInclude(JsonInclude.Include.ALWAYS)
public record FeedSnapshot(String type, String version, String trustDomain, Workload workload,
        PeerAuthentication peerAuthentication, List<AuthorizationPolicy> authorizationPolicies,
        @JsonSerialize(using = SharedJson.class) List<Endpoint> endpoints, @JsonSerialize(using = SharedJson.class) List<Service> services) {
    public static final String TYPE = "snapshot";

    public FeedSnapshot {
        authorizationPolicies = List.copyOf(authorizationPolicies);
        endpoints = List.copyOf(endpoints);
        services = List.copyOf(services);
    }

    @JsonPropertyOrder({"namespace", "name", "serviceAccount", "identity", "telemetry"})
    public record Workload(String namespace, String name, String serviceAccount, String identity, Telemetry telemetry) {
    }

    /** Istio's metric labels of a workload ({@link TelemetryLabels}); {@code app} and {@code version} are left out when the pod has no such label. */
    @JsonPropertyOrder({"workloadName", "canonicalService", "canonicalRevision", "app", "version"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Telemetry(String workloadName, String canonicalService, String canonicalRevision, String app, String version) {
    }

    /** An AuthorizationPolicy that applies to this workload: {@code namespace/name}, and {@code rules} as the policy has them. */
    @JsonPropertyOrder({"name", "action", "provider", "dryRun", "rules"})
    public record AuthorizationPolicy(String name, String action, String provider, boolean dryRun, JsonNode rules) {
        public static AuthorizationPolicy of(AuthorizationPolicySpec spec) {
            return new AuthorizationPolicy(spec.ref(), spec.action().name(), spec.provider(), spec.dryRun(), spec.rules());
        }
    }

    @JsonPropertyOrder({"mode", "portLevelMtls", "policy"})
    public record PeerAuthentication(String mode, Map<String, String> portLevelMtls, String policy) {
        /** Port keys as strings in numeric order (a TreeMap of strings would put 10000 before 8080). */
        public static PeerAuthentication of(EffectivePeerAuthentication effective) {
            Map<String, String> ports = new LinkedHashMap<>();
            effective.portLevelMtls().forEach((port, mode) -> ports.put(String.valueOf(port), mode.name()));
            return new PeerAuthentication(effective.mode().name(), ports, effective.policy());
        }
    }

    @JsonPropertyOrder({"ip", "identity", "namespace", "name", "tlsMode", "peerAuthentication", "telemetry"})
    public record Endpoint(String ip, String identity, String namespace, String name, String tlsMode,
            PeerAuthentication peerAuthentication, Telemetry telemetry) {
    }

    /** A Service with a ClusterIP and at least one port with ready endpoints; {@code vips} as the Service lists them. */
    @JsonPropertyOrder({"namespace", "name", "vips", "ports"})
    public record Service(String namespace, String name, List<String> vips, List<ServicePort> ports) {
        public Service {
            vips = List.copyOf(vips);
            ports = List.copyOf(ports);
        }
    }

    /** A Service port and the pod addresses behind it (never empty). */
    @JsonPropertyOrder({"port", "endpoints"})
    public record ServicePort(int port, List<ServiceEndpoint> endpoints) {
        public ServicePort {
            endpoints = List.copyOf(endpoints);
        }
    }

    /** A ready endpoint: a pod IP (meshed or not) and the pod port the Service port targets. */
    @JsonPropertyOrder({"ip", "port"})
    public record ServiceEndpoint(String ip, int port) {
    }

    public FeedSnapshot withVersion(long newVersion) {
        return new FeedSnapshot(type, String.valueOf(newVersion), trustDomain, workload, peerAuthentication, authorizationPolicies,
                endpoints, services);
    }

    public boolean sameView(FeedSnapshot other) {
        return other != null && withVersion(0).equals(other.withVersion(0));
    }
}
