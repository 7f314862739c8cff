package dev.bollard.proxy.health;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpExchange;

/**
 * {@code GET /healthz/ready} on the sidecar's status port (15021, as Istio's agent): 200 when
 * {@code problem} reports none, 503 with the reason otherwise. The check runs on each probe (no
 * cached state, no polling): {@code cert watch} reads its files, so a deleted or expired
 * certificate turns the pod unready even if renewal is stuck; the proxy asks {@link Readiness}.
 */
public final class ReadinessServer implements AutoCloseable {
    public static final String READY_PATH = "/healthz/ready";
    public static final int DEFAULT_PORT = 15021;

    private final StatusHttpServer server;

    private ReadinessServer(StatusHttpServer server) {
        this.server = server;
    }

    /** @param problem why the sidecar is not ready right now, or empty when it is */
    public static ReadinessServer start(InetSocketAddress address, Supplier<Optional<String>> problem) {
        return new ReadinessServer(StatusHttpServer.start(address, "readiness", exchange -> answer(exchange, problem)));
    }

    public int port() {
        return server.port();
    }

    private static void answer(HttpExchange exchange, Supplier<Optional<String>> problem) throws IOException {
        try (exchange) {
            if (!READY_PATH.equals(exchange.getRequestURI().getPath())) {
                send(exchange, 404, "not found: only " + READY_PATH + " is served here\n");
                return;
            }
            String method = exchange.getRequestMethod();
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "method not allowed\n");
                return;
            }
            Optional<String> why = problem.get();
            send(exchange, why.isEmpty() ? 200 : 503, why.map(p -> "not ready: " + p + "\n").orElse("ready\n"));
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        StatusHttpServer.send(exchange, status, "text/plain; charset=utf-8", body);
    }

    @Override
    public void close() {
        server.close();
    }
}
