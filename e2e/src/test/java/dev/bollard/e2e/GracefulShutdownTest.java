package dev.bollard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged webhook under SIGTERM, as the kubelet sends it: readiness turns DOWN while the
 * listener still answers (so endpoints drop the pod before connections are refused), liveness
 * stays UP (no restart mid-shutdown), and the process exits well inside the Deployment's
 * terminationGracePeriodSeconds. It runs with JSON logs switched on, as the Deployment does.
 * It starts its own server (not the shared {@link PackagedWebhook}) because it stops it.
 */
class GracefulShutdownTest {
    private WebhookProcess server;

    @AfterEach
    void kill() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void readinessDropsBeforeTheListenerStops() throws Exception {
        // as the Deployment runs it: JSON logs on
        server = WebhookProcess.start(Map.of("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true"));

        awaitStatus("/q/health/started", 200, Duration.ofSeconds(90));
        assertEquals(200, status("/q/health/ready"));
        assertLogIsJsonLines(server.log());

        Instant signalled = Instant.now();
        server.terminate();
        awaitStatus("/q/health/ready", 503, Duration.ofSeconds(5));
        assertEquals(200, status("/q/health/live"), "liveness stays UP during the shutdown delay");

        assertTrue(server.awaitExit(Duration.ofSeconds(30)), "server did not exit within 30 s of SIGTERM");
        assertTrue(Duration.between(signalled, Instant.now()).toSeconds() < 40,
                "shutdown must finish inside terminationGracePeriodSeconds (40 s)");
    }

    /** After the launcher's own first line, every line the server writes is one JSON object. */
    private static void assertLogIsJsonLines(String log) {
        List<String> lines = log.lines().filter(l -> !l.isBlank())
                .filter(l -> !l.startsWith("development certificates in")).toList();
        assertFalse(lines.isEmpty(), "the server logged nothing");
        for (String line : lines) {
            assertTrue(line.startsWith("{\"") && line.endsWith("}") && line.contains("\"message\":"),
                    "not a JSON log line: " + line);
        }
    }

    private void awaitStatus(String path, int wanted, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        int last = -1;
        while (Instant.now().isBefore(deadline)) {
            last = status(path);
            if (last == wanted) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(path + " never answered " + wanted + " (last " + last + "); server log:\n" + server.log());
    }

    /** The HTTP status, or -1 while nothing listens. */
    private int status(String path) {
        try {
            return server.send(HttpRequest.newBuilder(server.base().resolve(path)).timeout(Duration.ofSeconds(2)).build())
                    .statusCode();
        } catch (UncheckedIOException e) {
            return -1;
        }
    }
}
