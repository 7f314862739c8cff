package dev.bollard.proxy.health;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * The JDK's HTTP server as the sidecar's small endpoints use it (readiness on 15021, the agent's
 * 15020, metrics on 15090): one daemon thread each, so a slow client never holds up the data plane or the exit.
 */
public final class StatusHttpServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;

    private StatusHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** @param name the endpoint, for the thread and for the message of a failed bind */
    public static StatusHttpServer start(InetSocketAddress address, String name, HttpHandler handler) {
        return start(address, name, handler, 1);
    }

    /** @param threads requests answered at once (the agent's app probes each wait up to their timeout) */
    public static StatusHttpServer start(InetSocketAddress address, String name, HttpHandler handler, int threads) {
        HttpServer server;
        try {
            server = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("bind " + name + " endpoint " + address + ": " + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", handler);
        server.start();
        return new StatusHttpServer(server, executor);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Sends {@code body} with {@code status}; a HEAD request gets the headers only. */
    public static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
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
