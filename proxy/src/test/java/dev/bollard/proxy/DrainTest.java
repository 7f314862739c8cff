package dev.bollard.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.bollard.identity.TestPki;
import dev.bollard.proxy.lifecycle.DrainSettings;
import dev.bollard.proxy.lifecycle.Termination;
import dev.bollard.proxy.state.PeerAuthenticationMode;
import dev.bollard.proxy.testing.Mesh;
import dev.bollard.proxy.testing.Mesh.App;
import dev.bollard.proxy.testing.Mesh.Proxy;
import dev.bollard.proxy.tls.TlsProvider;

/** SIGTERM's drain on a real data plane: what the clients on each side see while the pod goes away. */
class DrainTest {
    static final TestPki.Ca PKI = TestPki.root("mesh-root");

    private static Proxy permissiveProxyTo(App app) {
        Proxy b = new Proxy(Mesh.tls(TestPki.workload(PKI, Mesh.TD + "b"), TlsProvider.AUTO));
        b.self(PeerAuthenticationMode.PERMISSIVE, "");
        b.inboundFor(app.port());
        b.outboundTo(new InetSocketAddress("127.0.0.1", app.port()));
        return b;
    }

    @Test
    void duringTheDrainAnOpenInboundConnectionFlowsANewOneIsRefusedAndOutboundWorks() throws Exception {
        try (App app = App.echo(); Proxy b = permissiveProxyTo(app); Socket open = Mesh.connect(b.inboundPort())) {
            assertEquals("before", echo(open, "before"));
            Termination termination = new Termination();

            assertEquals(Termination.Phase.DRAINING, termination.terminate());
            b.dp.stopInbound();

            assertThrows(ConnectException.class, () -> Mesh.connect(b.inboundPort()), "the kernel refuses a new inbound connection");
            assertEquals("during", echo(open, "during"), "the open connection carries bytes both ways");
            try (Socket out = Mesh.connect(b.outboundPort())) {
                assertArrayEquals("app call".getBytes(), Mesh.roundTrip(out, "app call".getBytes()), "outbound still proxies");
            }
            awaitOpen(b, 1);
            long start = System.nanoTime();
            termination.awaitDrained(new DrainSettings(Duration.ofMillis(500), false, Duration.ZERO), b.dp::openConnections);
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            // a hang guard, not a timing check: the open connection never closes, so a drain that
            // waited for it would never end (a loaded machine took 642 ms for the 500 ms drain)
            assertTrue(tookMs < 5_000, "the drain ends when its duration is over, not when the connection closes: " + tookMs + " ms");
            assertEquals(Termination.Phase.ENDING, termination.phase());
            assertEquals("still", echo(open, "still"), "nothing closes before the proxy does");

            b.dp.close();
            assertEquals(0, b.dp.openConnections());
            assertTrue(readOrReset(open) <= 0, "closed with the proxy");
        }
    }

    @Test
    void exitOnZeroActiveConnectionsEndsTheDrainWhenTheLastConnectionCloses() throws Exception {
        try (App app = App.echo(); Proxy b = permissiveProxyTo(app)) {
            Socket open = Mesh.connect(b.inboundPort());
            assertEquals("x", echo(open, "x"));
            Termination termination = new Termination();
            termination.terminate();
            b.dp.stopInbound();
            DrainSettings settings = new DrainSettings(Duration.ofSeconds(30), true, Duration.ofMillis(200));
            CompletableFuture<Void> drained = CompletableFuture.runAsync(() -> awaitDrained(termination, settings, b));

            Thread.sleep(600);
            assertTrue(!drained.isDone(), "an open connection holds the drain past the minimum");
            open.close();
            drained.get(5, TimeUnit.SECONDS);
            assertEquals(Termination.Phase.ENDING, termination.phase());
        }
    }

    @Test
    void aSecondSigtermOrAQuitEndsTheDrainAtOnce() throws Exception {
        for (boolean quit : new boolean[] {false, true}) {
            Termination termination = new Termination();
            termination.terminate();
            DrainSettings settings = new DrainSettings(Duration.ofSeconds(30), false, Duration.ZERO);
            CompletableFuture<Void> drained = CompletableFuture.runAsync(() -> awaitDrained(termination, settings, null));
            Thread.sleep(100);
            assertEquals(Termination.Phase.ENDING, quit ? termination.quit() : termination.terminate());
            drained.get(2, TimeUnit.SECONDS);
        }
    }

    @Test
    void aQuitWhileServingSkipsTheDrain() throws Exception {
        Termination termination = new Termination();
        CompletableFuture<Termination.Phase> ended = CompletableFuture.supplyAsync(() -> {
            try {
                return termination.awaitShutdown();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(50);
        termination.quit();
        assertEquals(Termination.Phase.ENDING, ended.get(2, TimeUnit.SECONDS));
        assertEquals(Termination.Phase.ENDING, termination.terminate(), "a SIGTERM after the quit changes nothing");
    }

    private static void awaitDrained(Termination termination, DrainSettings settings, Proxy b) {
        try {
            termination.awaitDrained(settings, b == null ? () -> 0 : b.dp::openConnections);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the proxy's own side of the closed connections is gone too. */
    private static void awaitOpen(Proxy b, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (b.dp.openConnections() != expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(expected, b.dp.openConnections());
    }

    /** Writes {@code text} and reads back as many bytes (an echo behind the proxy). */
    static String echo(Socket s, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        s.getOutputStream().write(bytes);
        s.getOutputStream().flush();
        InputStream in = s.getInputStream();
        byte[] back = in.readNBytes(bytes.length);
        return new String(back, StandardCharsets.US_ASCII);
    }

    private static int readOrReset(Socket s) throws IOException {
        return DataPlaneTest.readOrReset(s);
    }
}
