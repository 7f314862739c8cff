package dev.bollard.proxy.telemetry;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.Supplier;
import java.util.logging.Logger;

import com.sun.net.httpserver.HttpExchange;

import dev.bollard.proxy.health.StatusHttpServer;

/**
 * {@code GET /stats/prometheus} on the metrics port (15090, the port and path Envoy serves
 * Prometheus on in an Istio sidecar, named {@code http-envoy-prom}). Only that path: Envoy's 15090
 * listener serves nothing else, and Istio's {@code /metrics} lives on the agent (15020) instead.
 *
 * <p>The JDK's HttpServer, as the readiness server: no dependency, a few hundred KB of classes,
 * and blocking I/O on its own single thread, so a slow scraper never touches the data plane's
 * event loops.
 */
public final class MetricsServer implements AutoCloseable {
    public static final String PATH = "/stats/prometheus";
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final Logger LOG = Logger.getLogger(MetricsServer.class.getName());

    private final StatusHttpServer server;

    private MetricsServer(StatusHttpServer server) {
        this.server = server;
    }

    public static MetricsServer start(InetSocketAddress address, Supplier<String> scrape) {
        return new MetricsServer(StatusHttpServer.start(address, "metrics", exchange -> answer(exchange, scrape)));
    }

    public int port() {
        return server.port();
    }

    private static void answer(HttpExchange exchange, Supplier<String> scrape) throws IOException {
        try (exchange) {
            if (!PATH.equals(exchange.getRequestURI().getPath())) {
                StatusHttpServer.send(exchange, 404, TEXT, "not found: metrics are at " + PATH + "\n");
                return;
            }
            String method = exchange.getRequestMethod();
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                StatusHttpServer.send(exchange, 405, TEXT, "method not allowed\n");
                return;
            }
            String body;
            try {
                body = scrape.get();
            } catch (RuntimeException e) {
                LOG.warning("metrics: building the scrape failed: " + e);
                StatusHttpServer.send(exchange, 500, TEXT, "metrics unavailable: " + e.getMessage() + "\n");
                return;
            }
            StatusHttpServer.send(exchange, 200, Exposition.CONTENT_TYPE, body);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
