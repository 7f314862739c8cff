package dev.bollard.proxy.state;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The effective PeerAuthentication of one workload: a mode for the workload, per-port overrides
 * ({@code portLevelMtls}, keyed by container port) and the policy they came from, for log lines.
 *
 * @param source {@code namespace/name} of the deciding policy, or empty when no policy applies
 */
public record MtlsPolicy(PeerAuthenticationMode mode, Map<Integer, PeerAuthenticationMode> portLevel, String source) {
    /** What a workload gets when no PeerAuthentication selects it: PERMISSIVE, as in Istio. */
    public static final MtlsPolicy DEFAULT = new MtlsPolicy(PeerAuthenticationMode.PERMISSIVE, Map.of(), "");

    public MtlsPolicy {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(source, "source");
        portLevel = Map.copyOf(new TreeMap<>(portLevel));
        portLevel.keySet().forEach(port -> {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("portLevelMtls: port " + port + " is not in 1-65535");
            }
        });
    }

    /** The mode for a connection to {@code port}: its port-level override, else the workload's. */
    public PeerAuthenticationMode modeFor(int port) {
        return portLevel.getOrDefault(port, mode);
    }
}
