package dev.bollard.proxy.health;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * {@code GET /healthz/ready} on the sidecar's status port (15021, as Istio's agent): 200 when
 * {@code problem} reports none, 503 with the reason otherwise. The check runs on each probe (no
 * cached state, no polling): {@code cert watch} reads its files, so a deleted or expired
 * certificate turns the pod unready even if renewal is stuck; the proxy asks {@link Readiness}.
 */
public final class ReadinessServer implements AutoCloseable {
    public static final String READY_PATH = "/healthz/ready";
    public static final int DEFAULT_PORT = 15021;

    private final HttpServer server;
    private final ExecutorService executor;

    private ReadinessServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** @param problem why the sidecar is not ready right now, or empty when it is */
    public static ReadinessServer start(InetSocketAddress address, Supplier<Optional<String>> problem) {
        HttpServer server;
        try {
            server = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("bind readiness endpoint " + address + ": " + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "readiness");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", exchange -> answer(exchange, problem));
        server.start();
        return new ReadinessServer(server, executor);
    }

    public int port() {
        return server.getAddress().getPort();
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
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
