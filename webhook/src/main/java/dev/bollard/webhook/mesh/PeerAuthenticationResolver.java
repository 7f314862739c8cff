package dev.bollard.webhook.mesh;

import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Istio's PeerAuthentication precedence, as a pure function. From weakest to strongest: the
 * mesh-wide policy (root namespace, no selector), the namespace policy (no selector), the workload
 * policy (its selector's labels are all on the pod). At each level the oldest policy wins
 * (creationTimestamp, then name), as istiod picks one when several conflict. A level whose mode is
 * UNSET passes the level below through; with no mode set anywhere the workload is PERMISSIVE.
 * {@code portLevelMtls} counts only on the workload policy, and a port-level UNSET takes the
 * workload's resolved mode. A selector policy in the root namespace applies to no workload at all,
 * not even to pods of the root namespace: istiod's {@code ComposePeerAuthentication} takes a
 * workload policy only "with selector and not in root namespace".
 */
public final class PeerAuthenticationResolver {
    private static final Comparator<PeerAuthenticationSpec> OLDEST_FIRST = Comparator
            .comparing(PeerAuthenticationSpec::creationTimestamp)
            .thenComparing(PeerAuthenticationSpec::name)
            .thenComparing(PeerAuthenticationSpec::namespace);

    private final String rootNamespace;

    public PeerAuthenticationResolver(String rootNamespace) {
        this.rootNamespace = rootNamespace;
    }

    /** For a known pod. */
    public EffectivePeerAuthentication resolve(MeshPod pod, Collection<PeerAuthenticationSpec> policies) {
        return resolve(pod.namespace(), Optional.of(pod.labels()), policies);
    }

    /**
     * For a workload in {@code namespace}; {@code podLabels} is empty when the pod is not known yet,
     * which leaves only the namespace and mesh-wide levels.
     */
    public EffectivePeerAuthentication resolve(String namespace, Optional<Map<String, String>> podLabels,
            Collection<PeerAuthenticationSpec> policies) {
        Optional<PeerAuthenticationSpec> mesh = oldest(policies.stream()
                .filter(p -> p.namespace().equals(rootNamespace) && p.selector().isEmpty()));
        Optional<PeerAuthenticationSpec> ns = oldest(policies.stream()
                .filter(p -> p.namespace().equals(namespace) && p.selector().isEmpty()));
        Optional<PeerAuthenticationSpec> workload = podLabels.flatMap(labels -> oldest(policies.stream()
                .filter(p -> p.namespace().equals(namespace) && !p.namespace().equals(rootNamespace) && p.selects(labels))));

        MtlsMode mode = MtlsMode.PERMISSIVE;
        String source = "";
        for (Optional<PeerAuthenticationSpec> level : java.util.List.of(mesh, ns, workload)) {
            if (level.isPresent() && level.get().mode() != MtlsMode.UNSET) {
                mode = level.get().mode();
                source = level.get().ref();
            }
        }
        Map<Integer, MtlsMode> ports = new TreeMap<>();
        if (workload.isPresent()) {
            for (Map.Entry<Integer, MtlsMode> port : workload.get().portLevelMtls().entrySet()) {
                ports.put(port.getKey(), port.getValue() == MtlsMode.UNSET ? mode : port.getValue());
            }
        }
        return new EffectivePeerAuthentication(mode, ports, source);
    }

    private static Optional<PeerAuthenticationSpec> oldest(Stream<PeerAuthenticationSpec> candidates) {
        return candidates.min(OLDEST_FIRST);
    }
}
