package dev.bollard.proxy.state;

import java.net.InetAddress;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One configuration the control plane pushed, replaced as a whole (an
 * {@code AtomicReference<MeshSnapshot>}); a connection reads it once when it starts.
 *
 * @param version      the control plane's version string, for log lines and readiness
 * @param self         the PeerAuthentication this proxy enforces on inbound connections
 * @param endpoints    meshed pods by IP (only those labelled {@code security.istio.io/tlsMode=istio})
 */
public record MeshSnapshot(String version, MtlsPolicy self, Map<InetAddress, MeshEndpoint> endpoints) {
    /** Before the first configuration arrives: nothing is meshed, inbound is PERMISSIVE. */
    public static final MeshSnapshot EMPTY = new MeshSnapshot("", MtlsPolicy.DEFAULT, Map.of());

    public MeshSnapshot {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(self, "self");
        endpoints = Map.copyOf(endpoints);
    }

    public Optional<MeshEndpoint> endpoint(InetAddress ip) {
        return Optional.ofNullable(endpoints.get(ip));
    }

    public boolean isEmpty() {
        return version.isEmpty();
    }
}
