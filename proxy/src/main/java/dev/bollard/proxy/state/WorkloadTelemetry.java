package dev.bollard.proxy.state;

import java.util.Objects;

/**
 * A workload as Istio's standard metrics label it ({@code *_workload}, {@code *_workload_namespace},
 * {@code *_canonical_service}, {@code *_canonical_revision}, {@code *_app}, {@code *_version}),
 * resolved by the control plane the way istiod does; {@code "unknown"} where it does not know.
 */
public record WorkloadTelemetry(String namespace, String workloadName, String canonicalService, String canonicalRevision,
                                String app, String version) {
    public static final String UNKNOWN = "unknown";
    public static final WorkloadTelemetry NONE = new WorkloadTelemetry(UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN);

    public WorkloadTelemetry {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(workloadName, "workloadName");
        Objects.requireNonNull(canonicalService, "canonicalService");
        Objects.requireNonNull(canonicalRevision, "canonicalRevision");
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(version, "version");
    }

    /** Only the namespace is known (a control plane that sends no telemetry object). */
    public static WorkloadTelemetry inNamespace(String namespace) {
        return new WorkloadTelemetry(namespace, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN);
    }
}
