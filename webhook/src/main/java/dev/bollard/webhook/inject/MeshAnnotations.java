package dev.bollard.webhook.inject;

/** The annotation and label names injection reads and writes (Istio's, so existing manifests work). */
public final class MeshAnnotations {
    public static final String INJECT = "sidecar.istio.io/inject";
    public static final String STATUS = "sidecar.istio.io/status";
    public static final String PROXY_IMAGE = "sidecar.istio.io/proxyImage";
    public static final String PROXY_CPU = "sidecar.istio.io/proxyCPU";
    public static final String PROXY_MEMORY = "sidecar.istio.io/proxyMemory";
    public static final String PROXY_CPU_LIMIT = "sidecar.istio.io/proxyCPULimit";
    public static final String PROXY_MEMORY_LIMIT = "sidecar.istio.io/proxyMemoryLimit";
    /** Istio: the named injection templates to apply, a comma list (default {@code sidecar}). */
    public static final String TEMPLATES = "inject.istio.io/templates";
    /** Istio, written: the pod's own istio-proxy / istio-init as they were merged over ours (JSON). */
    public static final String OVERRIDES = "proxy.istio.io/overrides";
    /** Istio: extra volumes for the pod, a JSON map of volume name to volume source. */
    public static final String USER_VOLUME = "sidecar.istio.io/userVolume";
    /** Istio: extra mounts for the proxy, a JSON map of volume name to VolumeMount fields. */
    public static final String USER_VOLUME_MOUNT = "sidecar.istio.io/userVolumeMount";
    /** Istio's per-pod ProxyConfig (YAML or JSON); Bollard reads its terminationDrainDuration. */
    public static final String PROXY_CONFIG = "proxy.istio.io/config";

    public static final String INCLUDE_INBOUND_PORTS = "traffic.sidecar.istio.io/includeInboundPorts";
    public static final String EXCLUDE_INBOUND_PORTS = "traffic.sidecar.istio.io/excludeInboundPorts";
    public static final String INCLUDE_OUTBOUND_PORTS = "traffic.sidecar.istio.io/includeOutboundPorts";
    public static final String EXCLUDE_OUTBOUND_PORTS = "traffic.sidecar.istio.io/excludeOutboundPorts";
    public static final String INCLUDE_OUTBOUND_IP_RANGES = "traffic.sidecar.istio.io/includeOutboundIPRanges";
    public static final String EXCLUDE_OUTBOUND_IP_RANGES = "traffic.sidecar.istio.io/excludeOutboundIPRanges";
    public static final String EXCLUDE_INTERFACES = "traffic.sidecar.istio.io/excludeInterfaces";
    /** Interfaces of a VM inside the pod; {@link #REROUTE_VIRTUAL_INTERFACES} wins when both are set. */
    public static final String KUBEVIRT_INTERFACES = "traffic.sidecar.istio.io/kubevirtInterfaces";
    public static final String REROUTE_VIRTUAL_INTERFACES = "istio.io/reroute-virtual-interfaces";

    /** REDIRECT (default), NONE (no istio-init: nothing captured) or TPROXY (refused). */
    public static final String INTERCEPTION_MODE = "sidecar.istio.io/interceptionMode";
    /** "false" makes the proxy a regular container even where native sidecars are the default. */
    public static final String NATIVE_SIDECAR = "sidecar.istio.io/nativeSidecar";
    /** The proxy's status (agent) port, excluded from capture; "0" turns its probes off. */
    public static final String STATUS_PORT = "status.sidecar.istio.io/port";
    public static final String READINESS_INITIAL_DELAY = "readiness.status.sidecar.istio.io/initialDelaySeconds";
    public static final String READINESS_PERIOD = "readiness.status.sidecar.istio.io/periodSeconds";
    public static final String READINESS_FAILURE_THRESHOLD = "readiness.status.sidecar.istio.io/failureThreshold";

    /** Ours: the SPIFFE identity the pod's certificate will carry, for `kubectl describe pod`. */
    public static final String IDENTITY = "sidecar.bollard.dev/identity";
    /** Ours: why the pod was injected (which opt-in applied). */
    public static final String INJECTED_BECAUSE = "sidecar.bollard.dev/injected-because";
    /** Kubernetes: the container `kubectl logs/exec` pick by default; kept on the app, not the proxy. */
    public static final String DEFAULT_CONTAINER = "kubectl.kubernetes.io/default-container";
    /** Istio: marks the workload as mTLS-capable for peers choosing plaintext or mTLS. */
    public static final String TLS_MODE_LABEL = "security.istio.io/tlsMode";

    /** Prometheus' annotation-driven pod scraping (the kubernetes-pods job of Istio's sample config). */
    public static final String PROMETHEUS_SCRAPE = "prometheus.io/scrape";
    public static final String PROMETHEUS_PORT = "prometheus.io/port";
    public static final String PROMETHEUS_PATH = "prometheus.io/path";

    /** Kubernetes: set by the kubelet on the API copy of a static pod, which may not mount a ServiceAccount token. */
    public static final String MIRROR = "kubernetes.io/config.mirror";
    /** Istio: the revision (or tag) that selects an injector, on namespaces and pods; on injected pods, the one that did. */
    public static final String REVISION = "istio.io/rev";
    /** Kubernetes: the container `kubectl logs` picks by default. */
    public static final String DEFAULT_LOGS_CONTAINER = "kubectl.kubernetes.io/default-logs-container";

    public static final String PROXY_CONTAINER = "istio-proxy";
    public static final String INIT_CONTAINER = "istio-init";

    private MeshAnnotations() {
    }
}
