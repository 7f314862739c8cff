package dev.bollard.proxy.state;

import java.net.InetAddress;
import java.util.Objects;

import dev.bollard.identity.SpiffeId;

/**
 * A meshed pod as the control plane lists it: the only identity allowed to answer for its IP
 * (secure naming), and the PeerAuthentication it enforces, so that a client does not originate
 * mTLS to a port the server has DISABLEd.
 *
 * @param workload  {@code namespace/name} of the pod, for log lines
 * @param telemetry its labels in Istio's standard metrics
 */
public record MeshEndpoint(InetAddress ip, SpiffeId identity, String workload, MtlsPolicy mtls, WorkloadTelemetry telemetry) {
    public MeshEndpoint {
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(mtls, "mtls");
        Objects.requireNonNull(telemetry, "telemetry");
    }

    /** An endpoint whose telemetry labels only know its namespace. */
    public MeshEndpoint(InetAddress ip, SpiffeId identity, String workload, MtlsPolicy mtls) {
        this(ip, identity, workload, mtls, WorkloadTelemetry.inNamespace(workload.substring(0, Math.max(0, workload.indexOf('/')))));
    }

    /** True when a client should open mutual TLS to {@code port} of this endpoint. */
    public boolean acceptsMtls(int port) {
        return mtls.modeFor(port) != PeerAuthenticationMode.DISABLE;
    }
}
