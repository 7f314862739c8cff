package dev.bollard.webhook.mesh;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One {@code "type":"snapshot"} line of the feed, field for field as the contract spells it.
 * {@code workload} is null while the pod is unknown. Equality ignoring {@link #version} tells
 * whether a proxy's view changed.
 */
@JsonPropertyOrder({"type", "version", "trustDomain", "workload", "peerAuthentication", "endpoints"})
@JsonInclude(JsonInclude.Include.ALWAYS)
public record FeedSnapshot(String type, String version, String trustDomain, Workload workload,
        PeerAuthentication peerAuthentication, List<Endpoint> endpoints) {
    public static final String TYPE = "snapshot";

    public FeedSnapshot {
        endpoints = List.copyOf(endpoints);
    }

    public record Workload(String namespace, String name, String serviceAccount, String identity) {
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

    @JsonPropertyOrder({"ip", "identity", "namespace", "name", "tlsMode", "peerAuthentication"})
    public record Endpoint(String ip, String identity, String namespace, String name, String tlsMode,
            PeerAuthentication peerAuthentication) {
    }

    public FeedSnapshot withVersion(long newVersion) {
        return new FeedSnapshot(type, String.valueOf(newVersion), trustDomain, workload, peerAuthentication, endpoints);
    }

    public boolean sameView(FeedSnapshot other) {
        return other != null && withVersion(0).equals(other.withVersion(0));
    }
}
