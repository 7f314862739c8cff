package dev.bollard.proxy.telemetry;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import dev.bollard.proxy.log.ConnectionLog;
import dev.bollard.proxy.state.MeshSnapshot;

/**
 * The proxy's metrics as one piece for the wiring: the standard metrics' decorator for the
 * connection log and the server for {@code /stats/prometheus}. With port 0 both are no-ops.
 */
public final class ProxyTelemetry {
    private final MetricsConfig config;
    private final String podNamespace;
    private final Supplier<MeshSnapshot> mesh;
    private final Supplier<Optional<String>> localPrincipal;
    private final IstioMetrics metrics;
    private volatile MetricsConnectionLog connections;

    /** @param localPrincipal this proxy's SPIFFE ID once it has a certificate */
    public ProxyTelemetry(MetricsConfig config, String podNamespace, Supplier<MeshSnapshot> mesh,
                          Supplier<Optional<String>> localPrincipal) {
        this.config = Objects.requireNonNull(config, "config");
        this.podNamespace = Objects.requireNonNull(podNamespace, "podNamespace");
        this.mesh = Objects.requireNonNull(mesh, "mesh");
        this.localPrincipal = Objects.requireNonNull(localPrincipal, "localPrincipal");
        this.metrics = new IstioMetrics(config.seriesLimit());
    }

    /** {@code log} with Istio's standard metrics counted on the way, or {@code log} itself when metrics are off. */
    public ConnectionLog wrap(ConnectionLog log) {
        if (!config.enabled()) {
            return log;
        }
        MetricsConnectionLog wrapped = new MetricsConnectionLog(log, metrics, config, podNamespace, mesh, localPrincipal,
                System::nanoTime);
        connections = wrapped;
        return wrapped;
    }

    /** Starts {@code /stats/prometheus} on {@code address}:{@link MetricsConfig#port()}; a no-op when metrics are off. */
    public Endpoint serve(String address, ProxyHealth health) {
        if (!config.enabled()) {
            return Endpoint.OFF;
        }
        Scrape scrape = new Scrape(metrics, this::promote, health, Clock.systemUTC(), true);
        MetricsServer server = MetricsServer.start(new InetSocketAddress(address, config.port()), scrape::text);
        return new Endpoint(server.port(), server::close);
    }

    private void promote() {
        MetricsConnectionLog current = connections;
        if (current != null) {
            current.promote();
        }
    }

    /** The running endpoint: its port (-1 when off) and how to stop it. */
    public record Endpoint(int port, Runnable stop) implements AutoCloseable {
        static final Endpoint OFF = new Endpoint(-1, () -> { });

        @Override
        public void close() {
            stop.run();
        }
    }
}
