package dev.bollard.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpsServer;

import dev.bollard.identity.TestPki;
import dev.bollard.proxy.cert.AgentLog;
import dev.bollard.proxy.cert.FakeCa;
import dev.bollard.proxy.feed.FeedParserTest;
import dev.bollard.proxy.feed.MtlsTestServer;
import dev.bollard.proxy.tls.TlsProvider;
import dev.bollard.proxy.tls.WorkloadTls;

/** The whole startup against a fake CA and an in-process feed: certificate → TLS → feed → data plane → ready. */
class ProxyWiringTest {
    @TempDir
    Path tmp;

    @Test
    void becomesReadyWithinASecondOfTheCertificateAndWritesTheFiles() throws Exception {
        try (FakeCa ca = new FakeCa(tmp.resolve("ca"), false)) {
            HttpsServer feed = feedServer(new TestPki.Ca(ca.root(), ca.rootKey()));
            Path token = Files.writeString(tmp.resolve("token"), "token-1");
            int health;
            int metrics;
            int admin;
            try (ServerSocket free = new ServerSocket(0); ServerSocket free2 = new ServerSocket(0); ServerSocket free3 = new ServerSocket(0)) {
                health = free.getLocalPort();
                metrics = free2.getLocalPort();
                admin = free3.getLocalPort();
            }
            ProxyConfig config = ProxyCommandTest.parse(Map.of(), "--ca", ca.url().toString(),
                    "--control-plane", "https://127.0.0.1:" + feed.getAddress().getPort(), "--token-file", token.toString(),
                    "--root-cert", ca.rootCertFile().toString(), "--out", tmp.resolve("out").toString(),
                    "--pod-name", "a-0", "--pod-namespace", "demo", "--health-port", "" + health, "--health-address", "127.0.0.1",
                    "--metrics-port", "" + metrics, "--admin-port", "" + admin);
            AtomicReference<Instant> installedAt = new AtomicReference<>();
            AtomicReference<List<X509Certificate>> installedRoots = new AtomicReference<>();
            CountDownLatch started = new CountDownLatch(1);
            AtomicReference<Integer> closingStatus = new AtomicReference<>();
            StringWriter log = new StringWriter();
            ProxyCommand.Proxy proxy = new ProxyCommand.Proxy(config, Clock.systemUTC(),
                    new AgentLog(new PrintWriter(log, true), Clock.systemUTC()), new WorkloadTls(TlsProvider.JDK),
                    (key, chain, roots) -> {
                        installedRoots.set(roots);
                        installedAt.compareAndSet(null, Instant.now());
                    },
                    (cfg, mesh, tls, connections) -> {
                        assertEquals("42", mesh.get().version());
                        started.countDown();
                        // what a probe sees while the listeners close (SIGTERM): no longer ready
                        return () -> closingStatus.set(probe(health));
                    });
            Thread running = runInBackground(proxy);
            try {
                HttpClient http = HttpClient.newHttpClient();
                HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + health + "/healthz/ready")).build();
                Instant readyAt = null;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (readyAt == null && System.nanoTime() < deadline) {
                    try {
                        if (http.send(ready, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                            readyAt = Instant.now();
                        }
                    } catch (IOException notListeningYet) {
                        // the readiness port comes up first thing; retry
                    }
                    Thread.sleep(10);
                }

                assertTrue(readyAt != null, "never ready: " + log);
                assertTrue(started.await(0, TimeUnit.SECONDS));
                Duration certificateToReady = Duration.between(installedAt.get(), readyAt);
                assertTrue(certificateToReady.compareTo(Duration.ofSeconds(1)) <= 0, certificateToReady + "\n" + log);
                assertEquals(List.of(ca.root()), installedRoots.get()); // --root-cert and the answer: the same root once
                assertTrue(Files.exists(tmp.resolve("out").resolve("cert-chain.pem")));
                assertTrue(log.toString().contains("config version 42 applied (1 endpoints, inbound mode STRICT)"), log.toString());
                String scrape = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metrics + "/stats/prometheus")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                for (String line : List.of("\nenvoy_control_plane_connected_state 1\n", "\nbollard_proxy_config_info{version=\"42\"} 1\n",
                        "\nbollard_proxy_ready 1\n", "\nistio_agent_cert_expiry_seconds{resource_name=\"default\"} ")) {
                    assertTrue(scrape.contains(line), line + " not in\n" + scrape);
                }
                proxy.stop(Duration.ofSeconds(5));
                running.join(1_000);
                assertTrue(!running.isAlive(), "proxy did not stop");
                assertEquals(503, closingStatus.get(), "readiness while the data plane closes");
                Thread.sleep(200);
                assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("certificate-renewal")
                        && t.isAlive()), "the renewal thread outlived the proxy");
                assertTrue(log.toString().contains("ready"), log.toString());
                try {
                    http.send(ready, HttpResponse.BodyHandlers.ofString());
                    throw new AssertionError("readiness still answers after stop");
                } catch (IOException closed) {
                    // the readiness server closed with the rest
                }
            } finally {
                running.interrupt();
                feed.stop(0);
            }
        }
    }

    /** {@code proxy.run()} on a daemon thread, as the command's main thread runs it. */
    static Thread runInBackground(ProxyCommand.Proxy proxy) {
        Thread running = new Thread(() -> {
            try {
                proxy.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "proxy-under-test");
        running.setDaemon(true);
        running.start();
        return running;
    }

    private static Integer probe(int port) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz/ready"))
                    .build(), HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    /** Streams the contract's snapshot to any client presenting a certificate of {@code root}, then holds the line. */
    static HttpsServer feedServer(TestPki.Ca root) throws Exception {
        HttpsServer server = MtlsTestServer.create(root);
        server.createContext("/v1/mesh/feed", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write((FeedParserTest.SNAPSHOT + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.start();
        return server;
    }
}
