package dev.bollard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged webhook under SIGTERM, as the kubelet sends it: readiness turns DOWN while the
 * listener still answers (so endpoints drop the pod before connections are refused), liveness
 * stays UP (no restart mid-shutdown), and the process exits well inside the Deployment's
 * terminationGracePeriodSeconds. It runs with JSON logs switched on, as the Deployment does.
 */
class GracefulShutdownTest {
    private static final Path ROOT = Path.of(System.getProperty("bollard.repo.root", "../.."));
    private Process server;
    private Path devDir;

    @AfterEach
    void kill() throws IOException {
        if (server != null && server.isAlive()) {
            server.destroyForcibly();
        }
        if (devDir != null) {
            try (var files = Files.walk(devDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void readinessDropsBeforeTheListenerStops() throws Exception {
        int port = freePort();
        devDir = Files.createTempDirectory("bollard-shutdown");
        ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("bin/bollard").toString(), "dev")
                .redirectErrorStream(true).redirectOutput(devDir.resolve("server.log").toFile());
        pb.environment().put("BOLLARD_PORT", Integer.toString(port));
        pb.environment().put("BOLLARD_DEV_DIR", devDir.toString());
        // as the Deployment runs it: JSON logs on
        pb.environment().put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true");
        server = pb.start();
        HttpClient http = trustingClient();
        URI base = URI.create("https://localhost:" + port);

        awaitStatus(http, base.resolve("/q/health/started"), 200, Duration.ofSeconds(90), devDir);
        assertEquals(200, status(http, base.resolve("/q/health/ready")));
        assertLogIsJsonLines(devDir.resolve("server.log"));

        Instant signalled = Instant.now();
        server.destroy(); // SIGTERM
        awaitStatus(http, base.resolve("/q/health/ready"), 503, Duration.ofSeconds(5), devDir);
        assertEquals(200, status(http, base.resolve("/q/health/live")), "liveness stays UP during the shutdown delay");

        assertTrue(server.waitFor(30, TimeUnit.SECONDS), "server did not exit within 30 s of SIGTERM");
        assertTrue(Duration.between(signalled, Instant.now()).toSeconds() < 40,
                "shutdown must finish inside terminationGracePeriodSeconds (40 s)");
    }

    /** After the launcher's own first line, every line the server writes is one JSON object. */
    private static void assertLogIsJsonLines(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log).stream().filter(l -> !l.isBlank())
                .filter(l -> !l.startsWith("development certificates in")).toList();
        assertFalse(lines.isEmpty(), "the server logged nothing");
        for (String line : lines) {
            assertTrue(line.startsWith("{\"") && line.endsWith("}") && line.contains("\"message\":"),
                    "not a JSON log line: " + line);
        }
    }

    private static void awaitStatus(HttpClient http, URI uri, int wanted, Duration timeout, Path devDir) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        int last = -1;
        while (Instant.now().isBefore(deadline)) {
            last = status(http, uri);
            if (last == wanted) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(uri + " never answered " + wanted + " (last " + last + "); server log:\n"
                + Files.readString(devDir.resolve("server.log")));
    }

    /** The HTTP status, or -1 while nothing listens. */
    private static int status(HttpClient http, URI uri) throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The dev certificate is self-signed per run; this test is about shutdown, not trust. */
    private static HttpClient trustingClient() throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, new SecureRandom());
        return HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(2)).build();
    }
}
