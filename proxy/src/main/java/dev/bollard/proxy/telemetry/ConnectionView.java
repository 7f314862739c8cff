package dev.bollard.proxy.telemetry;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Both sides of one connection as labelled, resolved once (when it opened) and shared by its
 * TCP metrics and its requests' metrics, so that a connection's series agree.
 *
 * @param service  the Kubernetes Service the connection went to (inbound: one that lists this pod's
 *                 IP and port), if any
 * @param fallback the destination service when there is no Service and no HTTP {@code Host}
 */
record ConnectionView(String reporter, Party source, Party destination, Optional<Destination> service,
                      Destination fallback, String securityPolicy) {
    static final String TCP = "tcp";
    static final String HTTP = "http";

    /** Labels of the {@code istio_tcp_*} metrics, in {@link IstioMetrics#TCP_LABELS} order. */
    List<String> tcp(String responseFlags) {
        List<String> values = common(service.orElse(fallback));
        values.add(TCP);
        values.add(responseFlags);
        values.add(securityPolicy);
        return values;
    }

    /**
     * Labels of the request metrics, in {@link IstioMetrics#REQUEST_LABELS} order. Without a
     * Service, the request's {@code Host} is the destination service, as Istio's host header fallback.
     */
    List<String> request(String authority, int status, String responseFlags) {
        Destination target = service.orElseGet(() -> authority.isEmpty() ? fallback
                : new Destination(authority, fallback.name().equals(Destination.PASSTHROUGH) ? fallback.name() : authority,
                fallback.namespace()));
        List<String> values = common(target);
        values.add(HTTP);
        values.add(Integer.toString(status));
        values.add(""); // grpc_response_status: empty unless gRPC, which the request record does not tell
        values.add(responseFlags);
        values.add(securityPolicy);
        return values;
    }

    private List<String> common(Destination target) {
        List<String> values = new ArrayList<>(25);
        values.add(reporter);
        values.addAll(source.asSource());
        values.add(destination.workload());
        values.add(destination.namespace());
        values.add(destination.principal());
        values.add(destination.app());
        values.add(destination.version());
        values.add(target.host());
        values.add(destination.canonicalService());
        values.add(destination.canonicalRevision());
        values.add(target.name());
        values.add(target.namespace());
        values.add(destination.cluster());
        return values;
    }
}
