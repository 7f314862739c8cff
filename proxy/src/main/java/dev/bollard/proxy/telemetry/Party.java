package dev.bollard.proxy.telemetry;

import java.util.List;

import dev.bollard.proxy.state.WorkloadTelemetry;

/**
 * One side of a connection as Istio's standard metrics label it: the {@code source_*} or the
 * {@code destination_*} workload labels, {@code "unknown"} where nothing says.
 */
record Party(String workload, String namespace, String principal, String app, String version, String canonicalService,
             String canonicalRevision, String cluster) {
    static final String UNKNOWN = WorkloadTelemetry.UNKNOWN;
    /** Istio's canonical revision of a peer it knows nothing about. */
    static final String LATEST = "latest";

    static Party of(WorkloadTelemetry t, String namespace, String principal, String cluster) {
        return new Party(t.workloadName(), namespace, principal, t.app(), t.version(), t.canonicalService(),
                t.canonicalRevision(), cluster);
    }

    /** A peer the snapshot does not list: only what its certificate says, if it has one. */
    static Party unknown(String namespace, String principal) {
        return new Party(UNKNOWN, namespace, principal, UNKNOWN, UNKNOWN, UNKNOWN, LATEST, UNKNOWN);
    }

    /** Source labels in Istio's order: workload, canonical service and revision, namespace, principal, app, version, cluster. */
    List<String> asSource() {
        return List.of(workload, canonicalService, canonicalRevision, namespace, principal, app, version, cluster);
    }
}
