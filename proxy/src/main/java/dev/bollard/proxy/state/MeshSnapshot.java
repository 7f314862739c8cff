package dev.bollard.proxy.state;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.bollard.proxy.authz.Authorizer;

/**
 * One configuration the control plane pushed, replaced as a whole (an
 * {@code AtomicReference<MeshSnapshot>}); a connection reads it once when it starts.
 *
 * @param version      the control plane's version string, for log lines and readiness
 * @param self         the PeerAuthentication this proxy enforces on inbound connections
 * @param endpoints    meshed pods by IP (only those labelled {@code security.istio.io/tlsMode=istio})
 * @param services     Service ports by ClusterIP and port; their endpoints may be meshed or not
 * @param authorization the AuthorizationPolicies that select this workload, compiled
 * @param workload     this workload's telemetry labels (the destination of inbound, the source of outbound)
 */
public record MeshSnapshot(String version, MtlsPolicy self, Map<InetAddress, MeshEndpoint> endpoints,
                           Map<InetSocketAddress, ServiceTarget> services, Authorizer authorization,
                           WorkloadTelemetry workload) {
    /** Before the first configuration arrives: nothing is meshed, inbound is PERMISSIVE, no policy. */
    public static final MeshSnapshot EMPTY = new MeshSnapshot("", MtlsPolicy.DEFAULT, Map.of());

    public MeshSnapshot {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(self, "self");
        Objects.requireNonNull(authorization, "authorization");
        Objects.requireNonNull(workload, "workload");
        endpoints = Map.copyOf(endpoints);
        services = Map.copyOf(services);
    }

    /** A snapshot without AuthorizationPolicies or telemetry labels. */
    public MeshSnapshot(String version, MtlsPolicy self, Map<InetAddress, MeshEndpoint> endpoints,
                        Map<InetSocketAddress, ServiceTarget> services) {
        this(version, self, endpoints, services, Authorizer.NONE, WorkloadTelemetry.NONE);
    }

    /** A snapshot without Services (pod-IP traffic only). */
    public MeshSnapshot(String version, MtlsPolicy self, Map<InetAddress, MeshEndpoint> endpoints) {
        this(version, self, endpoints, Map.of());
    }

    /** The Service port at ClusterIP {@code vip}, if one is listed with ready endpoints. */
    public Optional<ServiceTarget> service(InetSocketAddress vip) {
        return Optional.ofNullable(services.get(vip));
    }

    public Optional<MeshEndpoint> endpoint(InetAddress ip) {
        return Optional.ofNullable(endpoints.get(ip));
    }

    public boolean isEmpty() {
        return version.isEmpty();
    }
}
