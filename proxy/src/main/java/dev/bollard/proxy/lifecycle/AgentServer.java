package dev.bollard.proxy.lifecycle;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import dev.bollard.proxy.health.StatusHttpServer;
import dev.bollard.proxy.probe.AppProber;
import dev.bollard.proxy.probe.AppProbers;
import dev.bollard.proxy.probe.ProbeOutcome;

/**
 * pilot-agent's status port (15020), the part a pod's lifecycle needs:
 * <ul>
 * <li>{@code POST /quitquitquit}: the proxy exits at once (0), for a Job whose sidecar would
 *     otherwise keep the pod running; only from loopback, as pilot-agent, because the port listens
 *     on every interface and is not captured, so any pod could reach it otherwise (403);</li>
 * <li>{@code GET /healthz/ready}: the same answer as the readiness port;</li>
 * <li>{@code GET /app-health/<container>/livez|readyz|startupz} and
 *     {@code /app-lifecycle/<container>/prestopz|poststartz}: the app probes the injector moved here
 *     ({@code ISTIO_KUBE_APP_PROBERS}), run against the app from inside the pod (see {@link AppProber}).</li>
 * </ul>
 * Every answer is JSON; a wrong method is 405 with an {@code Allow} header, an unknown path 404.
 */
public final class AgentServer implements AutoCloseable {
    public static final int DEFAULT_PORT = 15020;
    public static final String QUIT_PATH = "/quitquitquit";
    public static final String READY_PATH = "/healthz/ready";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** kubelet's liveness, readiness and startup probes of a few containers may wait on the app at once. */
    private static final int THREADS = 4;

    private final StatusHttpServer server;

    private AgentServer(StatusHttpServer server) {
        this.server = server;
    }

    /**
     * @param problem why the proxy is not ready, or empty when it is
     * @param quit    runs after the answer to a {@code /quitquitquit} is sent
     */
    public static AgentServer start(InetSocketAddress address, Supplier<Optional<String>> problem, Runnable quit) {
        return start(address, problem, quit, AppProbers.none(), new AppProber());
    }

    /** @param probes the app probes served under {@code /app-health/} and {@code /app-lifecycle/} */
    public static AgentServer start(InetSocketAddress address, Supplier<Optional<String>> problem, Runnable quit,
                                    AppProbers probes, AppProber prober) {
        return new AgentServer(StatusHttpServer.start(address, "agent",
                exchange -> answer(exchange, problem, quit, probes, prober), THREADS));
    }

    public int port() {
        return server.port();
    }

    private static void answer(HttpExchange exchange, Supplier<Optional<String>> problem, Runnable quit,
                               AppProbers probes, AppProber prober) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (AppProbers.isProbePath(path)) {
                appProbe(exchange, path, probes, prober);
            } else if (QUIT_PATH.equals(path)) {
                if (!exchange.getRemoteAddress().getAddress().isLoopbackAddress()) {
                    send(exchange, 403, error("only requests from localhost may end the proxy"));
                } else if (!"POST".equals(method)) {
                    exchange.getResponseHeaders().set("Allow", "POST");
                    send(exchange, 405, error("method " + method + " not allowed: " + QUIT_PATH + " takes POST"));
                } else {
                    send(exchange, 200, JSON.createObjectNode().put("status", "exiting"));
                    quit.run();
                }
            } else if (READY_PATH.equals(path)) {
                if (!"GET".equals(method) && !"HEAD".equals(method)) {
                    exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                    send(exchange, 405, error("method " + method + " not allowed: " + READY_PATH + " takes GET"));
                    return;
                }
                Optional<String> why = problem.get();
                ObjectNode body = JSON.createObjectNode().put("ready", why.isEmpty());
                why.ifPresent(reason -> body.put("reason", reason));
                send(exchange, why.isEmpty() ? 200 : 503, body);
            } else {
                send(exchange, 404, error("not found: " + QUIT_PATH + " and " + READY_PATH + " are served here"));
            }
        }
    }

    private static void appProbe(HttpExchange exchange, String path, AppProbers probes, AppProber prober) throws IOException {
        String method = exchange.getRequestMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            send(exchange, 405, error("method " + method + " not allowed: " + path + " takes GET"));
            return;
        }
        var probe = probes.find(path);
        if (probe.isEmpty()) {
            send(exchange, 404, error("no app probe " + path + " (" + AppProbers.ENV + " has "
                    + (probes.byPath().isEmpty() ? "none" : String.join(", ", new java.util.TreeSet<>(probes.byPath().keySet())))
                    + ")"));
            return;
        }
        ProbeOutcome outcome = prober.probe(probe.get(), exchange.getRequestHeaders());
        send(exchange, outcome.status(), JSON.createObjectNode().put("ok", outcome.ok()).put("detail", outcome.detail()));
    }

    private static ObjectNode error(String message) {
        return JSON.createObjectNode().put("error", message);
    }

    private static void send(HttpExchange exchange, int status, ObjectNode json) throws IOException {
        StatusHttpServer.send(exchange, status, "application/json", JSON.writeValueAsString(json) + "\n");
    }

    @Override
    public void close() {
        server.close();
    }
}
