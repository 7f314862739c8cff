package dev.bollard.webhook.mesh;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A PeerAuthentication as resolution needs it. {@code selector} is empty for a namespace-wide (or,
 * in the root namespace, mesh-wide) policy; an empty {@code matchLabels} counts as no selector, as
 * in istiod. {@code portLevelMtls} keeps its modes unresolved (UNSET included).
 */
public record PeerAuthenticationSpec(String namespace, String name, Instant creationTimestamp,
        Optional<Map<String, String>> selector, MtlsMode mode, Map<Integer, MtlsMode> portLevelMtls) {

    public PeerAuthenticationSpec {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(creationTimestamp, "creationTimestamp");
        Objects.requireNonNull(mode, "mode");
        selector = selector.filter(labels -> !labels.isEmpty()).map(Map::copyOf);
        portLevelMtls = java.util.Collections.unmodifiableMap(new TreeMap<>(portLevelMtls));
    }

    /** True when every selector label is on the pod; a policy without selector matches no workload. */
    public boolean selects(Map<String, String> podLabels) {
        return selector.map(labels -> podLabels.entrySet().containsAll(labels.entrySet())).orElse(false);
    }

    public String ref() {
        return namespace + "/" + name;
    }
}
