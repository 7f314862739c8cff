package dev.bollard.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpsServer;

import dev.bollard.identity.TestPki;
import dev.bollard.proxy.cert.AgentLog;
import dev.bollard.proxy.cert.FakeCa;
import dev.bollard.proxy.net.OriginalDestination;
import dev.bollard.proxy.state.MeshSnapshot;
import dev.bollard.proxy.state.MtlsPolicy;
import dev.bollard.proxy.testing.Mesh;
import dev.bollard.proxy.testing.Mesh.App;
import dev.bollard.proxy.tls.TlsProvider;
import dev.bollard.proxy.tls.WorkloadTls;

/**
 * The proxy in a pod's life, whole (fake CA, in-process feed, a real data plane): SIGTERM makes
 * it unready at once and drains inbound, then it ends; {@code POST /quitquitquit} ends it at once.
 */
class ProxyLifecycleTest {
    @TempDir
    Path tmp;
    FakeCa ca;
    HttpsServer feed;
    App app;
    int health;
    int admin;
    final AtomicReference<DataPlane> dataPlane = new AtomicReference<>();
    final Map<Integer, InetSocketAddress> originals = new ConcurrentHashMap<>();
    final StringWriter log = new StringWriter();
    final HttpClient http = HttpClient.newHttpClient();
    ProxyCommand.Proxy proxy;
    Thread running;

    @BeforeEach
    void start() throws Exception {
        ca = new FakeCa(tmp.resolve("ca"), false);
        feed = ProxyWiringTest.feedServer(new TestPki.Ca(ca.root(), ca.rootKey()));
        app = App.echo();
        int[] ports = freePorts(2);
        health = ports[0];
        admin = ports[1];
    }

    @AfterEach
    void stop() throws Exception {
        if (running != null) {
            running.interrupt();
            running.join(5_000);
        }
        feed.stop(0);
        app.close();
        ca.close();
    }

    /** The proxy's settings for this test's CA and ports, with the feed at {@code controlPlane}. */
    private ProxyConfig config(String controlPlane, String... flags) throws IOException {
        Path token = Files.writeString(tmp.resolve("token"), "token-1");
        List<String> args = new ArrayList<>(List.of("--ca", ca.url().toString(),
                "--control-plane", controlPlane, "--token-file", token.toString(),
                "--root-cert", ca.rootCertFile().toString(), "--out", tmp.resolve("out").toString(),
                "--pod-name", "a-0", "--pod-namespace", "demo", "--health-port", "" + health, "--health-address", "127.0.0.1",
                "--admin-port", "" + admin));
        args.addAll(List.of(flags));
        return ProxyCommandTest.parse(Map.of(), args.toArray(String[]::new));
    }

    private void launch(ProxyConfig config, ProxyCommand.DataPlaneStarter dataPlaneStarter) {
        proxy = new ProxyCommand.Proxy(config, Clock.systemUTC(), new AgentLog(new PrintWriter(log, true), Clock.systemUTC()),
                new WorkloadTls(TlsProvider.JDK), (key, chain, roots) -> { }, dataPlaneStarter);
        running = ProxyWiringTest.runInBackground(proxy);
    }

    /** Starts the proxy with {@code flags} and waits until it is ready. */
    private void startProxy(String... flags) throws Exception {
        ProxyConfig config = config("https://127.0.0.1:" + feed.getAddress().getPort(), flags);
        OriginalDestination.Lookup lookup = ch -> Optional.ofNullable(originals.get(((InetSocketAddress) ch.localAddress()).getPort()));
        launch(config, (cfg, mesh, tls, connections) -> {
                    // plaintext inbound: the feed's snapshot is STRICT; the drain, not mTLS, is under test here
                    DataPlane dp = DataPlane.start(new DataPlaneConfig(0, 0, TlsProvider.JDK, Duration.ofSeconds(2)),
                            () -> permissive(mesh.get()), tls, connections, lookup);
                    originals.put(dp.inboundAddress().getPort(), new InetSocketAddress(InetAddress.getLoopbackAddress(), app.port()));
                    originals.put(dp.outboundAddress().getPort(), new InetSocketAddress(InetAddress.getLoopbackAddress(), app.port()));
                    dataPlane.set(dp);
                    return dp;
                });
        awaitStatus(health, 200, "never ready");
    }

    private static MeshSnapshot permissive(MeshSnapshot m) {
        return new MeshSnapshot(m.version(), MtlsPolicy.DEFAULT, m.endpoints(), m.services(), m.authorization(), m.workload());
    }

    @Test
    void sigtermTurnsUnreadyAtOnceDrainsInboundAndExitsAfterTheDrain() throws Exception {
        startProxy("--drain-duration", "1500ms");
        assertEquals(200, status("GET", admin, "/healthz/ready"), "15020 answers readiness too");
        int inbound = dataPlane.get().inboundAddress().getPort();
        try (Socket open = Mesh.connect(inbound)) {
            assertEquals("before", DrainTest.echo(open, "before"));
            long signalled = System.nanoTime();

            proxy.terminate();

            assertEquals(503, status("GET", health, "/healthz/ready"), "unready at once");
            assertEquals(503, status("GET", admin, "/healthz/ready"));
            awaitRefused(inbound);
            assertEquals("during", DrainTest.echo(open, "during"), "the open inbound connection flows both ways");
            try (Socket out = Mesh.connect(dataPlane.get().outboundAddress().getPort())) {
                assertArrayEquals("app call".getBytes(), Mesh.roundTrip(out, "app call".getBytes()), "outbound still proxies");
            }
            assertTrue(running.isAlive(), "the proxy runs through the drain");

            running.join(5_000);
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalled);
            assertTrue(!running.isAlive(), "the proxy did not end after the drain: " + log);
            assertTrue(tookMs >= 1400 && tookMs < 4000, "ended " + tookMs + " ms after SIGTERM, drain 1500 ms");
            assertTrue(DataPlaneTest.readOrReset(open) <= 0, "open connections close with the proxy");
            assertEquals(-1, status("GET", health, "/healthz/ready"), "the readiness port is closed");
            assertTrue(log.toString().contains("SIGTERM: draining for up to 1500 ms"), log.toString());
            // "1 open", or 2 when a probe of awaitRefused was accepted just before the listener closed
            assertTrue(log.toString().matches("(?s).*draining: inbound refuses new connections, [12] open; exiting within 1500 ms.*"),
                    log.toString());
        }
    }

    @Test
    void aSecondSigtermEndsTheDrain() throws Exception {
        startProxy("--drain-duration", "60s");
        proxy.terminate();
        awaitRefused(dataPlane.get().inboundAddress().getPort());
        assertTrue(running.isAlive());

        assertEquals(Duration.ZERO, proxy.terminate());

        running.join(3_000);
        assertTrue(!running.isAlive(), "a second SIGTERM did not end the proxy: " + log);
        assertTrue(log.toString().contains("SIGTERM: exiting now"), log.toString());
    }

    @Test
    void exitOnZeroActiveConnectionsEndsOnceTheLastConnectionIsGone() throws Exception {
        startProxy("--drain-duration", "60s", "--exit-on-zero-active-connections", "--minimum-drain-duration", "200ms");
        long signalled = System.nanoTime();
        proxy.terminate();
        running.join(5_000);
        assertTrue(!running.isAlive(), "no connection was open, yet the drain went on: " + log);
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalled) >= 200, "the minimum drain is waited out");
    }

    @Test
    void quitquitquitEndsTheProxyAtOnceWithoutADrain() throws Exception {
        startProxy("--drain-duration", "60s");
        HttpResponse<String> get = send("GET", admin, "/quitquitquit");
        assertEquals(405, get.statusCode());
        assertEquals("application/json", get.headers().firstValue("Content-Type").orElse(""));
        assertEquals("{\"error\":\"method GET not allowed: /quitquitquit takes POST\"}", get.body().strip());
        assertEquals(404, status("GET", admin, "/nothing"));
        assertTrue(running.isAlive(), "a GET does not end the proxy");
        long asked = System.nanoTime();

        HttpResponse<String> post = send("POST", admin, "/quitquitquit");

        assertEquals(200, post.statusCode());
        assertEquals("{\"status\":\"exiting\"}", post.body().strip());
        running.join(3_000);
        assertTrue(!running.isAlive(), "/quitquitquit did not end the proxy: " + log);
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked) < 3000, "at once, not after the 60 s drain");
        assertTrue(log.toString().contains("/quitquitquit: exiting now"), log.toString());
    }

    @Test
    void quitquitquitOnlyAnswersLoopback() throws Exception {
        Optional<InetAddress> podIp = nonLoopbackAddress();
        org.junit.jupiter.api.Assumptions.assumeTrue(podIp.isPresent(), "the host has no address but loopback");
        startProxy();
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://" + hostPort(podIp.get(), admin)
                + "/quitquitquit")).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, post.statusCode(), post.body());
        assertTrue(post.body().contains("only requests from localhost may end the proxy"), post.body());
        assertTrue(running.isAlive());
    }

    @Test
    void aSigtermBeforeTheDataPlaneServesEndsAtOnce() throws Exception {
        // no feed listens there: no configuration arrives, the proxy waits for one
        launch(config("https://127.0.0.1:1", "--drain-duration", "60s"), (cfg, mesh, tls, connections) -> () -> { });
        awaitStatus(admin, 503, "the agent port never came up");

        assertEquals(Duration.ZERO, proxy.terminate());

        running.join(3_000);
        assertTrue(!running.isAlive(), "nothing to drain, yet the proxy went on: " + log);
    }

    private void awaitStatus(int port, int wanted, String failure) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (status("GET", port, "/healthz/ready") != wanted) {
            assertTrue(System.nanoTime() < deadline, failure + ": " + log);
            Thread.sleep(10);
        }
    }

    private void awaitRefused(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (true) {
            try (Socket s = Mesh.connect(port)) {
                assertTrue(System.nanoTime() < deadline, "inbound still accepts during the drain");
                Thread.sleep(10);
            } catch (ConnectException refused) {
                return;
            }
        }
    }

    private int status(String method, int port, String path) {
        try {
            return send(method, port, path).statusCode();
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    private HttpResponse<String> send(String method, int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int[] freePorts(int n) throws IOException {
        ServerSocket[] sockets = new ServerSocket[n];
        int[] ports = new int[n];
        try {
            for (int i = 0; i < n; i++) {
                sockets[i] = new ServerSocket(0);
                ports[i] = sockets[i].getLocalPort();
            }
        } finally {
            for (ServerSocket s : sockets) {
                if (s != null) {
                    s.close();
                }
            }
        }
        return ports;
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        return java.net.NetworkInterface.networkInterfaces().filter(i -> {
            try {
                return i.isUp() && !i.isLoopback();
            } catch (java.net.SocketException e) {
                return false;
            }
        }).flatMap(java.net.NetworkInterface::inetAddresses)
                .filter(a -> a instanceof java.net.Inet4Address && !a.isLinkLocalAddress()).findFirst();
    }

    private static String hostPort(InetAddress address, int port) {
        return address.getHostAddress() + ":" + port;
    }
}
