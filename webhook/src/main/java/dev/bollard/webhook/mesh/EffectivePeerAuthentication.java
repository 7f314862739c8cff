package dev.bollard.webhook.mesh;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The resolved PeerAuthentication of one workload: {@code mode} is never UNSET, each port-level
 * mode is resolved too, and {@code policy} is {@code ns/name} of the policy that set {@code mode}
 * ({@code ""} when none did and the default PERMISSIVE applies).
 */
public record EffectivePeerAuthentication(MtlsMode mode, Map<Integer, MtlsMode> portLevelMtls, String policy) {
    public static final EffectivePeerAuthentication DEFAULT = new EffectivePeerAuthentication(MtlsMode.PERMISSIVE, Map.of(), "");

    public EffectivePeerAuthentication {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(policy, "policy");
        if (mode == MtlsMode.UNSET || portLevelMtls.containsValue(MtlsMode.UNSET)) {
            throw new IllegalArgumentException("an effective PeerAuthentication has no UNSET mode");
        }
        portLevelMtls = Collections.unmodifiableMap(new TreeMap<>(portLevelMtls));
    }
}
