package dev.bollard.proxy.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import javax.net.ssl.SSLPeerUnverifiedException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsServer;

import dev.bollard.identity.CertificateIdentity;
import dev.bollard.identity.Keys;
import dev.bollard.identity.TestPki;
import dev.bollard.proxy.cert.AgentLog;
import dev.bollard.proxy.state.MeshSnapshot;

/** The feed client against an in-process HTTPS server that requires a client certificate. */
class FeedClientTest {
    static final String ID = "spiffe://cluster.local/ns/demo/sa/a";
    static final FeedClient.Timing FAST = new FeedClient.Timing(Duration.ofMillis(400), Duration.ofMillis(50),
            Duration.ofMillis(200), Duration.ofMillis(20));

    final TestPki.Ca root = TestPki.root("mesh-root");
    final AtomicReference<MeshSnapshot> mesh = new AtomicReference<>(MeshSnapshot.EMPTY);
    final StringWriter log = new StringWriter();
    /**
     * What the server writes, line by line, for the newest connection; "CLOSE" ends the response.
     * An older response ends as soon as a newer connection arrives, so a line meant for the new
     * stream is never swallowed by one the client already abandoned.
     */
    final BlockingDeque<String> lines = new LinkedBlockingDeque<>();
    final AtomicInteger newest = new AtomicInteger();
    final List<String> clients = new CopyOnWriteArrayList<>();
    final List<String> queries = new CopyOnWriteArrayList<>();
    volatile int status = 200;
    HttpsServer server;
    FeedClient client;

    @BeforeEach
    void startServer() throws Exception {
        server = MtlsTestServer.create(root);
        server.createContext("/v1/mesh/feed", this::feed);
        server.start();
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        lines.add("CLOSE");
        server.stop(0);
    }

    private void feed(HttpExchange exchange) throws IOException {
        int connection = newest.incrementAndGet();
        try (exchange) {
            try {
                X509Certificate peer = (X509Certificate) ((HttpsExchange) exchange).getSSLSession().getPeerCertificates()[0];
                clients.add(peer.getSerialNumber().toString(16) + " " + CertificateIdentity.of(peer));
            } catch (SSLPeerUnverifiedException e) {
                clients.add("none");
            }
            queries.add(exchange.getRequestURI().getQuery());
            if (status != 200) {
                byte[] body = "{\"error\":\"forbidden\",\"message\":\"pod demo/a-0 runs as sa b, not a\"}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, body.length);
                exchange.getResponseBody().write(body);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            while (true) {
                String line = lines.pollFirst(20, TimeUnit.MILLISECONDS);
                if (connection != newest.get()) {
                    if (line != null) {
                        lines.putFirst(line); // the newest connection's, not ours
                    }
                    return;
                }
                if (line == null) {
                    continue;
                }
                if (line.equals("CLOSE")) {
                    return;
                }
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client went away
        }
    }

    private FeedClient client() {
        URI endpoint = FeedClient.endpoint(URI.create("https://127.0.0.1:" + server.getAddress().getPort()), "a-0", "demo", "10.250.0.2");
        client = new FeedClient(endpoint, mesh, new AgentLog(new PrintWriter(log, true), Clock.systemUTC()), Clock.systemUTC(),
                () -> 0.0, FAST);
        return client;
    }

    private X509Certificate[] certify(FeedClient feed) {
        KeyPair key = Keys.newP256();
        X509Certificate leaf = TestPki.leaf(key.getPublic(), root, Duration.ofHours(1), ID);
        feed.useCertificate(key.getPrivate(), List.of(leaf), List.of(root.certificate()));
        return new X509Certificate[] {leaf};
    }

    private static String snapshot(String version) {
        return FeedParserTest.SNAPSHOT.replace("\"version\":\"42\"", "\"version\":\"" + version + "\"");
    }

    @Test
    void appliesSnapshotsAndKeepsTheLastGoodOneWhenALineIsBroken() throws Exception {
        FeedClient feed = client();
        X509Certificate[] leaf = certify(feed);
        feed.start();

        lines.add(snapshot("1"));
        lines.add("{\"type\":\"heartbeat\"}");
        eventually(() -> "1".equals(mesh.get().version()));
        lines.add(snapshot("2").replace("10.250.0.3", "10.250.0.x"));
        lines.add("{\"type\":\"snap");
        eventually(() -> log.toString().contains("endpoints[0].ip: '10.250.0.x' is not an IP address"));
        assertEquals("1", mesh.get().version());
        lines.add(snapshot("3"));
        eventually(() -> "3".equals(mesh.get().version()));

        assertEquals(List.of(leaf[0].getSerialNumber().toString(16) + " " + ID), clients);
        assertEquals("pod=a-0&namespace=demo&ip=10.250.0.2", queries.get(0));
        assertTrue(log.toString().contains("config version 1 applied (1 endpoints, inbound mode STRICT)"), log.toString());
        assertTrue(log.toString().contains("refused a broken update (not JSON"), log.toString());
    }

    @Test
    void aLongOpenStreamDoesNotPileUpWaitersTickAfterTick() throws Exception {
        FeedClient feed = client();
        certify(feed);
        feed.start();
        lines.add(snapshot("1"));
        eventually(() -> "1".equals(mesh.get().version()) && feed.connected());

        // 25 heartbeats 40 ms apart: the stream stays open (silence is 400 ms) for ~50 ticks of 20 ms
        for (int i = 0; i < 25; i++) {
            lines.add("{\"type\":\"heartbeat\"}");
            Thread.sleep(40);
        }
        assertTrue(feed.connected(), log.toString());
        assertEquals(1, clients.size(), "one connection all along");
        assertTrue(feed.waitingOnConnection() <= 1, "waiters on the open connection: " + feed.waitingOnConnection());
    }

    @Test
    void reconnectsAfterSilenceWithTheRotatedCertificate() throws Exception {
        FeedClient feed = client();
        X509Certificate[] first = certify(feed);
        feed.start();
        lines.add(snapshot("1"));
        eventually(() -> "1".equals(mesh.get().version()));

        X509Certificate[] second = certify(feed);
        // the stream goes silent; after 400 ms the client gives up on it and reconnects
        eventually(() -> clients.size() >= 2);
        lines.add(snapshot("2"));
        eventually(() -> "2".equals(mesh.get().version()));

        assertEquals(first[0].getSerialNumber().toString(16) + " " + ID, clients.get(0));
        assertEquals(second[0].getSerialNumber().toString(16) + " " + ID, clients.get(clients.size() - 1));
        assertTrue(log.toString().contains("treating the stream as dead (keeping config version 1)"), log.toString());
    }

    @Test
    void logsTheServersMessageOnForbiddenAndRetries() throws Exception {
        status = 403;
        FeedClient feed = client();
        certify(feed);
        feed.start();

        eventually(() -> clients.size() >= 2);

        assertTrue(log.toString().contains("answered 403: forbidden: pod demo/a-0 runs as sa b, not a"), log.toString());
        assertTrue(mesh.get().isEmpty());
    }

    @Test
    void waitsForACertificateBeforeConnecting() throws Exception {
        client().start();

        new CountDownLatch(1).await(300, TimeUnit.MILLISECONDS);

        assertEquals(List.of(), clients);
    }

    @Test
    void backsOffExponentiallyWithEqualJitterUpToTheCap() {
        FeedClient defaults = new FeedClient(URI.create("https://127.0.0.1:1"), mesh, null, Clock.systemUTC(), () -> 1.0,
                FeedClient.Timing.DEFAULT);

        assertEquals(Duration.ofSeconds(1), defaults.backoff(1));
        assertEquals(Duration.ofSeconds(2), defaults.backoff(2));
        assertEquals(Duration.ofSeconds(16), defaults.backoff(5));
        assertEquals(Duration.ofSeconds(30), defaults.backoff(6));
        assertEquals(Duration.ofSeconds(30), defaults.backoff(60));
    }

    private static void eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(10);
        }
    }
}
