package dev.bollard.webhook.agent;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * {@code GET /healthz/ready} on the sidecar's status port (15021, as Istio's agent): 200 while
 * the files hold a currently valid certificate whose key is next to it, 503 with the reason
 * otherwise. It reads the files on each probe rather than trusting memory, so a deleted or
 * expired certificate turns the pod unready even if renewal is stuck.
 */
final class ReadinessServer implements AutoCloseable {
    static final String READY_PATH = "/healthz/ready";
    static final int DEFAULT_PORT = 15021;

    private final HttpServer server;
    private final ExecutorService executor;

    private ReadinessServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    static ReadinessServer start(InetSocketAddress address, CertificateFiles files, Clock clock) {
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
        server.createContext("/", exchange -> answer(exchange, files, clock));
        server.start();
        return new ReadinessServer(server, executor);
    }

    int port() {
        return server.getAddress().getPort();
    }

    private static void answer(HttpExchange exchange, CertificateFiles files, Clock clock) throws IOException {
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
            Optional<String> problem = files.problem(clock.instant());
            send(exchange, problem.isEmpty() ? 200 : 503, problem.map(p -> "not ready: " + p + "\n").orElse("ready\n"));
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
