package dev.bollard.proxy.telemetry;

/**
 * What Istio calls the destination service: {@code destination_service} (the host,
 * {@code <name>.<namespace>.svc.cluster.local} for a Kubernetes Service), its short name and namespace.
 */
record Destination(String host, String name, String namespace) {
    /** Outbound to no Service: Envoy's cluster for original-destination traffic, as Istio names it. */
    static final String PASSTHROUGH = "PassthroughCluster";
}
