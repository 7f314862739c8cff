package dev.bollard.proxy.telemetry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Istio's standard metrics, with Istio's names, types, label names (in the order Istio's stats
 * filter writes them) and Envoy's default buckets. Each family holds at most
 * {@link MetricsConfig#seriesLimit()} label sets.
 */
public final class IstioMetrics {
    static final List<String> SIDES = List.of("reporter",
            "source_workload", "source_canonical_service", "source_canonical_revision", "source_workload_namespace",
            "source_principal", "source_app", "source_version", "source_cluster",
            "destination_workload", "destination_workload_namespace", "destination_principal", "destination_app",
            "destination_version", "destination_service", "destination_canonical_service",
            "destination_canonical_revision", "destination_service_name", "destination_service_namespace",
            "destination_cluster");
    static final List<String> TCP_LABELS = concat(SIDES, "request_protocol", "response_flags", "connection_security_policy");
    static final List<String> REQUEST_LABELS = concat(SIDES, "request_protocol", "response_code", "grpc_response_status",
            "response_flags", "connection_security_policy");

    final Family<Counter> requests;
    final Family<Histogram> duration;
    final Family<Histogram> requestBytes;
    final Family<Histogram> responseBytes;
    final Family<Counter> tcpOpened;
    final Family<Counter> tcpClosed;
    final Family<Counter> tcpSent;
    final Family<Counter> tcpReceived;

    public IstioMetrics(int seriesLimit) {
        requests = counter("istio_requests_total", "Requests handled by this proxy.", REQUEST_LABELS, seriesLimit);
        duration = histogram("istio_request_duration_milliseconds", "Request duration, from the request head to the end of the response.",
                seriesLimit);
        requestBytes = histogram("istio_request_bytes", "Request size (head and body) as received.", seriesLimit);
        responseBytes = histogram("istio_response_bytes", "Response size (head and body) as sent.", seriesLimit);
        tcpOpened = counter("istio_tcp_connections_opened_total", "TCP connections opened.", TCP_LABELS, seriesLimit);
        tcpClosed = counter("istio_tcp_connections_closed_total", "TCP connections closed.", TCP_LABELS, seriesLimit);
        tcpSent = counter("istio_tcp_sent_bytes_total", "Bytes sent to the downstream client during TCP connections.",
                TCP_LABELS, seriesLimit);
        tcpReceived = counter("istio_tcp_received_bytes_total", "Bytes received from the downstream client during TCP connections.",
                TCP_LABELS, seriesLimit);
    }

    /** The four series one request label set counts into, looked up once for reuse. */
    record RequestSeries(Counter requests, Histogram duration, Histogram requestBytes, Histogram responseBytes) {
    }

    /** One HTTP request that ended, counted into the series of its label set ({@link #requestSeries}). */
    void request(RequestSeries series, long durationMs, long requestSize, long responseSize) {
        series.requests().increment();
        series.duration().observe(durationMs);
        series.requestBytes().observe(requestSize);
        series.responseBytes().observe(responseSize);
    }

    RequestSeries requestSeries(List<String> labels) {
        return new RequestSeries(requests.get(labels), duration.get(labels), requestBytes.get(labels), responseBytes.get(labels));
    }

    /** Whether these series may be kept and reused: none is its family's overflow series. */
    boolean reusable(RequestSeries series) {
        return !requests.isOverflow(series.requests()) && !duration.isOverflow(series.duration())
                && !requestBytes.isOverflow(series.requestBytes()) && !responseBytes.isOverflow(series.responseBytes());
    }

    void tcpOpened(List<String> labels) {
        tcpOpened.get(labels).increment();
    }

    /** @param sent bytes towards the downstream client; {@code received} from it (Istio's wire bytes sent/received) */
    void tcpClosed(List<String> labels, long sent, long received) {
        tcpClosed.get(labels).increment();
        tcpSent.get(labels).add(Math.max(0, sent));
        tcpReceived.get(labels).add(Math.max(0, received));
    }

    List<Family<?>> families() {
        return List.of(requests, duration, requestBytes, responseBytes, tcpOpened, tcpClosed, tcpReceived, tcpSent);
    }

    public void write(StringBuilder out) {
        for (Family<?> family : families()) {
            family.write(out);
        }
    }

    private static Family<Counter> counter(String name, String help, List<String> labels, int limit) {
        return new Family<>(name, help, "counter", labels, Counter::new, limit, Map.of());
    }

    private static Family<Histogram> histogram(String name, String help, int limit) {
        return new Family<>(name, help, "histogram", REQUEST_LABELS, () -> new Histogram(Histogram.ISTIO_BUCKETS), limit,
                Map.of());
    }

    private static List<String> concat(List<String> first, String... more) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return List.copyOf(all);
    }
}
