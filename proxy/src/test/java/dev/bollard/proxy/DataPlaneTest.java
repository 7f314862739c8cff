package dev.bollard.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import java.util.ArrayList;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.bollard.identity.TestPki;
import dev.bollard.proxy.state.PeerAuthenticationMode;
import dev.bollard.proxy.testing.Mesh;
import dev.bollard.proxy.testing.Mesh.App;
import dev.bollard.proxy.testing.Mesh.Proxy;
import dev.bollard.proxy.tls.TlsProvider;
import io.netty.buffer.PooledByteBufAllocator;

/**
 * The data plane on loopback, with the original destination table faked: proxy A's outbound
 * "originally" dials B's inbound listener, which B's table maps to the application port.
 */
class DataPlaneTest {
    static final TestPki.Ca PKI = TestPki.root("mesh-root");
    static final byte[] REQUEST = "GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    static final List<String> LEAKS = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Netty reports leaks (PARANOID in this module's tests) through JDK logging: collect them. */
    @org.junit.jupiter.api.BeforeAll
    static void watchForLeaks() {
        java.util.logging.Logger.getLogger("io.netty.util.ResourceLeakDetector").addHandler(new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                if (record.getMessage() != null && record.getMessage().contains("LEAK")) {
                    LEAKS.add(record.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }

    /** Unreleased buffers are found when they are garbage collected and a later allocation is tracked. */
    @org.junit.jupiter.api.AfterAll
    static void noBufferLeaked() throws Exception {
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            for (int j = 0; j < 100; j++) {
                PooledByteBufAllocator.DEFAULT.directBuffer(64).release();
                PooledByteBufAllocator.DEFAULT.heapBuffer(64).release();
            }
        }
        assertEquals(List.of(), LEAKS, "ByteBuf leaks");
    }

    /** A (client pod) -> B (server pod) -> app, B listed with {@code listed}, holding a certificate for {@code actual}. */
    static final class Pair implements AutoCloseable {
        final Proxy a;
        final Proxy b;

        Pair(TlsProvider pa, TlsProvider pb, String listed, String actual, int appPort) {
            a = new Proxy(Mesh.tls(TestPki.workload(PKI, Mesh.TD + "a"), pa));
            b = new Proxy(Mesh.tls(TestPki.workload(PKI, Mesh.TD + actual), pb));
            b.inboundFor(appPort);
            b.self(PeerAuthenticationMode.STRICT, "demo/default");
            a.meshPeerOnLoopback(Mesh.id(listed), PeerAuthenticationMode.STRICT);
            a.outboundTo(new InetSocketAddress("127.0.0.1", b.inboundPort()));
        }

        @Override
        public void close() {
            a.close();
            b.close();
        }
    }

    @Test
    void outboundPassthroughRelaysPlainTcp() throws Exception {
        try (App app = App.echo(); Proxy a = new Proxy(Mesh.tls(TestPki.workload(PKI, Mesh.TD + "a"), TlsProvider.AUTO))) {
            a.outboundTo(new InetSocketAddress("127.0.0.1", app.port()));
            try (Socket s = Mesh.connect(a.outboundPort())) {
                assertArrayEquals("hello".getBytes(), Mesh.roundTrip(s, "hello".getBytes()));
            }
            String line = a.log.next();
            assertTrue(line.matches("\\S+Z outbound 127\\.0\\.0\\.1:\\d+ -> 127\\.0\\.0\\.1:" + app.port()
                    + " peer=- passthrough bytes_out=5 bytes_in=5 duration_ms=\\d+"), line);
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"JDK,JDK", "OPENSSL,OPENSSL", "JDK,OPENSSL", "OPENSSL,JDK"})
    void meshMtlsCarriesThePeerIdentity(TlsProvider pa, TlsProvider pb) throws Exception {
        try (App app = App.echo(); Pair p = new Pair(pa, pb, "b", "b", app.port())) {
            try (Socket s = Mesh.connect(p.a.outboundPort())) {
                assertArrayEquals(REQUEST, Mesh.roundTrip(s, REQUEST));
            }
            String in = p.b.log.next();
            assertTrue(in.matches("\\S+Z inbound 127\\.0\\.0\\.1:\\d+ -> 127\\.0\\.0\\.1:" + p.b.inboundPort()
                    + " peer=spiffe://cluster.local/ns/demo/sa/a mtls bytes_in=18 bytes_out=18 duration_ms=\\d+ policy=demo/default mode=STRICT")
                    || in.contains(" peer=spiffe://cluster.local/ns/demo/sa/a mtls bytes_in=18 bytes_out=18 "), in);
            String out = p.a.log.next();
            assertTrue(out.matches("\\S+Z outbound .* peer=spiffe://cluster.local/ns/demo/sa/b mtls bytes_out=18 bytes_in=18 duration_ms=\\d+"), out);
            assertEquals("127.0.0.6", app.clients.take().getAddress().getHostAddress(), "inbound forwards from 127.0.0.6");
        }
    }

    @Test
    void secureNamingRefusesAPeerThatIsNotTheListedIdentity() throws Exception {
        try (App app = App.echo(); Pair p = new Pair(TlsProvider.AUTO, TlsProvider.AUTO, "b", "x", app.port())) {
            assertRefused(p.a.outboundPort(), REQUEST);
            String out = p.a.log.next();
            assertTrue(out.contains(" peer=spiffe://cluster.local/ns/demo/sa/x mtls bytes_out=0 bytes_in=0 ")
                    && out.endsWith(" refused=\"peer identity spiffe://cluster.local/ns/demo/sa/x is not spiffe://cluster.local/ns/demo/sa/b,"
                    + " the identity the control plane lists for 127.0.0.1\""), out);
            assertTrue(p.b.log.next().contains(" mtls bytes_in=0 "), "not a byte of the request reached the application");
        }
    }

    @Test
    void inboundRefusesAClientCertificateFromAnotherCa() throws Exception {
        TestPki.Ca other = TestPki.root("other-root");
        try (App app = App.echo();
             Proxy a = new Proxy(Mesh.tls(TestPki.workload(other, Mesh.TD + "a"), TlsProvider.AUTO));
             Proxy b = new Proxy(Mesh.tls(TestPki.workload(PKI, Mesh.TD + "b"), TlsProvider.AUTO))) {
            b.inboundFor(app.port());
            a.meshPeerOnLoopback(Mesh.id("b"), PeerAuthenticationMode.STRICT);
            a.outboundTo(new InetSocketAddress("127.0.0.1", b.inboundPort()));
            assertRefused(a.outboundPort(), REQUEST);
            assertTrue(a.log.next().contains("refused=\"mTLS handshake with demo/b-0 failed"));
            String in = b.log.next();
            assertTrue(in.contains(" peer=- mtls ") && in.contains("refused=\"mTLS handshake failed"), in);
        }
    }

    @Test
    void inboundRefusesAClientCertificateWithoutOneSpiffeId() throws Exception {
        try (App app = App.echo();
             Proxy a = new Proxy(Mesh.tls(TestPki.workload(PKI, Mesh.TD + "a", Mesh.TD + "admin"), TlsProvider.AUTO));
             Proxy b = new Proxy(Mesh.tls(TestPki.workload(PKI, Mesh.TD + "b"), TlsProvider.AUTO))) {
            b.inboundFor(app.port());
            a.meshPeerOnLoopback(Mesh.id("b"), PeerAuthenticationMode.STRICT);
            a.outboundTo(new InetSocketAddress("127.0.0.1", b.inboundPort()));
            assertRefused(a.outboundPort(), REQUEST);
            String in = b.log.next();
            assertTrue(in.contains(" peer=- mtls bytes_in=0 ")
                    && in.contains("refused=\"peer has no SPIFFE ID: certificate has 2 URI SANs"), in);
        }
    }

    @Test
    void strictRefusesPlaintextNamingSourceAndPolicy() throws Exception {
        try (App app = App.echo(); Proxy b = new Proxy(Mesh.tls(TestPki.workload(PKI, Mesh.TD + "b"), TlsProvider.AUTO))) {
            b.inboundFor(app.port());
            b.self(PeerAuthenticationMode.STRICT, "demo/default");
            int port;
            try (Socket s = Mesh.connect(b.inboundPort())) {
                port = s.getLocalPort();
                writeQuietly(s, REQUEST);
                assertTrue(readOrReset(s) <= 0);
            }
            String line = b.log.next();
            assertTrue(line.matches("\\S+Z inbound 127\\.0\\.0\\.1:" + port + " -> 127\\.0\\.0\\.1:" + app.port()
                    + " peer=- plaintext bytes_in=0 bytes_out=0 duration_ms=\\d+ mode=STRICT"
                    + " refused=\"plaintext connection refused by STRICT PeerAuthentication demo/default\""), line);
            assertEquals(null, app.clients.poll(200, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void strictRefusesASilentClientAfterTheSniffTimeout() throws Exception {
        try (App app = App.echo(); Proxy b = new Proxy(Mesh.tls(TestPki.workload(PKI, Mesh.TD + "b"), TlsProvider.AUTO))) {
            b.inboundFor(app.port());
            b.self(PeerAuthenticationMode.STRICT, "demo/default");
            assertRefused(b.inboundPort(), null);
            assertTrue(b.log.next().contains("refused=\"plaintext connection refused by STRICT PeerAuthentication demo/default\""));
        }
    }

    @Test
    void permissiveAdmitsPlaintextAndServerFirstProtocols() throws Exception {
        try (App echo = App.echo();
             App banner = new App(s -> {
                 try {
                     s.getOutputStream().write("220 smtp ready\r\n".getBytes());
                     s.getInputStream().transferTo(s.getOutputStream());
                 } catch (IOException e) {
                     throw new java.io.UncheckedIOException(e);
                 }
             });
             Proxy b = new Proxy(Mesh.tls(TestPki.workload(PKI, Mesh.TD + "b"), TlsProvider.AUTO))) {
            b.self(PeerAuthenticationMode.PERMISSIVE, "");
            b.inboundFor(echo.port());
            try (Socket s = Mesh.connect(b.inboundPort())) {
                assertArrayEquals(REQUEST, Mesh.roundTrip(s, REQUEST));
            }
            String line = b.log.next();
            assertTrue(line.endsWith(" peer=- plaintext bytes_in=18 bytes_out=18 duration_ms=" + line.replaceAll(".*duration_ms=", "")
                    ) && line.endsWith("mode=PERMISSIVE"), line);
            b.inboundFor(banner.port());
            try (Socket s = Mesh.connect(b.inboundPort())) {
                byte[] greeting = new byte[16];
                long start = System.nanoTime();
                new java.io.DataInputStream(s.getInputStream()).readFully(greeting);
                assertEquals("220 smtp ready\r\n", new String(greeting));
                assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(900), "after the sniff timeout");
            }
        }
    }

    @Test
    void disableForwardsTlsBytesWithoutTerminating() throws Exception {
        try (App app = App.echo(); Pair p = new Pair(TlsProvider.AUTO, TlsProvider.AUTO, "b", "b", app.port())) {
            // B disables mTLS on the port but A still originates it (A's view says STRICT): B must not terminate.
            p.b.self(PeerAuthenticationMode.DISABLE, "demo/off");
            assertRefused(p.a.outboundPort(), REQUEST);
            String in = p.b.log.next();
            assertTrue(in.contains(" peer=- plaintext ") && in.endsWith("policy=demo/off mode=DISABLE"), in);
            assertTrue(p.a.log.next().contains("refused=\"mTLS handshake"));
        }
    }

    @Test
    void aMeshPeerThatHangsUpMidHandshakeFailsAtOnceNotAtTheHandshakeTimeout() throws Exception {
        try (App hangUp = new App(s -> {
            try {
                s.getInputStream().read(new byte[4096]);
                s.shutdownOutput();
                Thread.sleep(15_000);
            } catch (IOException | InterruptedException e) {
                throw new RuntimeException(e);
            }
        }); Proxy a = new Proxy(Mesh.tls(TestPki.workload(PKI, Mesh.TD + "a"), TlsProvider.AUTO))) {
            a.meshPeerOnLoopback(Mesh.id("b"), PeerAuthenticationMode.STRICT);
            a.outboundTo(new InetSocketAddress("127.0.0.1", hangUp.port()));
            long start = System.nanoTime();
            assertRefused(a.outboundPort(), null);
            String line = a.log.next();
            assertTrue(line.contains("refused=\"mTLS handshake with demo/b-0 failed"), line);
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "well before the 10 s handshake timeout");
        }
    }

    @Test
    void aConnectionThatWasNotRedirectedIsClosed() throws Exception {
        try (Proxy a = new Proxy(Mesh.tls(TestPki.workload(PKI, Mesh.TD + "a"), TlsProvider.AUTO))) {
            assertRefused(a.outboundPort(), null);
            assertTrue(a.log.next().contains(" peer=- passthrough bytes_out=0 bytes_in=0 duration_ms="));
            assertRefused(a.inboundPort(), null);
            assertTrue(a.log.next().contains("refused=\"no original destination: not redirected by iptables"));
        }
    }

    @Test
    void aFailedUpstreamConnectResetsTheClient() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        try (Proxy a = new Proxy(Mesh.tls(TestPki.workload(PKI, Mesh.TD + "a"), TlsProvider.AUTO))) {
            a.outboundTo(new InetSocketAddress("127.0.0.1", closed));
            // RST, not FIN; so fast that connect() itself may already see it
            assertThrows(SocketException.class, () -> {
                try (Socket s = Mesh.connect(a.outboundPort())) {
                    s.getInputStream().read();
                }
            });
            assertTrue(a.log.next().contains("refused=\"connect to 127.0.0.1:" + closed + " failed"));
        }
    }

    @ParameterizedTest
    @CsvSource({"JDK", "OPENSSL"})
    void anApplicationThatIsNotListeningResetsTheMeshClient(TlsProvider provider) throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        try (Pair p = new Pair(provider, provider, "b", "b", closed)) {
            // as a direct connection to a closed port: RST, not the FIN of a server that accepted and closed
            assertThrows(SocketException.class, () -> {
                try (Socket s = Mesh.connect(p.a.outboundPort())) {
                    writeQuietly(s, REQUEST);
                    s.getInputStream().read();
                }
            });
            String in = p.b.log.next();
            assertTrue(in.contains(" mtls ") && in.contains("refused=\"application at 127.0.0.1:" + closed + " unreachable"), in);
        }
    }

    @ParameterizedTest
    @CsvSource({"JDK", "OPENSSL"})
    void halfCloseEachWayThroughTheMesh(TlsProvider provider) throws Exception {
        // the server reads to EOF, then answers: the client's shutdownOutput must not cut the reply
        try (App app = new App(s -> {
            try {
                byte[] all = s.getInputStream().readAllBytes();
                Thread.sleep(100);
                s.getOutputStream().write(("got " + all.length).getBytes());
                s.shutdownOutput();
                // and the other way: the server half-closed, the client still sends
                byte[] after = s.getInputStream().readAllBytes();
                assertEquals(0, after.length);
            } catch (IOException | InterruptedException e) {
                throw new RuntimeException(e);
            }
        }); Pair p = new Pair(provider, provider, "b", "b", app.port())) {
            try (Socket s = Mesh.connect(p.a.outboundPort())) {
                s.getOutputStream().write(new byte[100_000]);
                s.shutdownOutput();
                assertEquals("got 100000", new String(s.getInputStream().readAllBytes()));
            }
            assertTrue(p.a.log.next().contains("bytes_out=100000 bytes_in=10 "));
        }
        // server half-closes first; the client keeps sending and the server keeps reading
        try (App app = new App(s -> {
            try {
                s.getOutputStream().write("bye".getBytes());
                s.shutdownOutput();
                byte[] rest = s.getInputStream().readAllBytes();
                s.close();
                assertEquals(50_000, rest.length);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }); Pair p = new Pair(provider, provider, "b", "b", app.port())) {
            try (Socket s = Mesh.connect(p.a.outboundPort())) {
                InputStream in = s.getInputStream();
                assertEquals("bye", new String(in.readNBytes(3)));
                assertEquals(-1, in.read(), "the server's FIN arrived");
                s.getOutputStream().write(new byte[50_000]);
                s.shutdownOutput();
            }
            String line = p.b.log.next();
            assertTrue(line.contains("bytes_in=50000 bytes_out=3 "), line);
        }
    }

    @ParameterizedTest
    @CsvSource({"JDK", "OPENSSL"})
    void thirtyTwoMebibytesToASlowReaderInBoundedMemory(TlsProvider provider) throws Exception {
        int size = 32 << 20;
        byte[] chunk = new byte[64 * 1024];
        new Random(1).nextBytes(chunk);
        MessageDigest sent = MessageDigest.getInstance("SHA-256");
        for (int i = 0; i < size / chunk.length; i++) {
            sent.update(chunk);
        }
        try (App app = new App(s -> {
            try {
                OutputStream out = s.getOutputStream();
                for (int i = 0; i < size / chunk.length; i++) {
                    out.write(chunk);
                }
                s.shutdownOutput();
                s.getInputStream().readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }); Pair p = new Pair(provider, provider, "b", "b", app.port())) {
            AtomicLong peak = new AtomicLong();
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    peak.accumulateAndGet(activeBytes(), Math::max);
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sampler.start();
            MessageDigest received = MessageDigest.getInstance("SHA-256");
            long total = 0;
            try (Socket s = Mesh.connect(p.a.outboundPort())) {
                s.setReceiveBufferSize(64 * 1024);
                InputStream in = s.getInputStream();
                byte[] buf = new byte[16 * 1024];
                int n;
                long reads = 0;
                while ((n = in.read(buf)) > 0) {
                    received.update(buf, 0, n);
                    total += n;
                    if (++reads % 64 == 0 && total < 8 << 20) {
                        Thread.sleep(20); // slow at first: the proxies must stop reading, not buffer 32 MiB
                    }
                }
            } finally {
                sampler.interrupt();
                sampler.join();
            }
            assertEquals(size, total);
            assertArrayEquals(sent.digest(), received.digest(), "no byte lost or reordered");
            assertTrue(peak.get() < 16L << 20, "pooled memory stayed bounded: peak " + (peak.get() >> 10) + " KiB");
            System.err.println(provider + " 32 MiB: peak pooled memory " + (peak.get() >> 10) + " KiB");
        }
    }

    @Test
    void manyConcurrentConnections() throws Exception {
        try (App app = App.echo(); Pair p = new Pair(TlsProvider.AUTO, TlsProvider.AUTO, "b", "b", app.port())) {
            ExecutorService pool = Executors.newFixedThreadPool(32);
            try {
                List<Future<Boolean>> results = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    int n = i;
                    results.add(pool.submit(() -> {
                        byte[] payload = new byte[1000 + n * 37];
                        new Random(n).nextBytes(payload);
                        try (Socket s = Mesh.connect(p.a.outboundPort())) {
                            return java.util.Arrays.equals(payload, Mesh.roundTrip(s, payload));
                        }
                    }));
                }
                for (Future<Boolean> r : results) {
                    assertTrue(r.get(60, TimeUnit.SECONDS));
                }
            } finally {
                pool.shutdownNow();
            }
            for (int i = 0; i < 200; i++) {
                assertTrue(p.a.log.next().contains(" mtls "));
            }
        }
    }

    @Test
    @Tag("slow") // sleeps 11 s in real time; `make test` runs it, `make check` does not
    void anIdleConnectionIsNotKilledByTheProxy() throws Exception {
        try (App app = App.echo(); Pair p = new Pair(TlsProvider.AUTO, TlsProvider.AUTO, "b", "b", app.port())) {
            try (Socket s = Mesh.connect(p.a.outboundPort())) {
                s.getOutputStream().write("before".getBytes());
                assertEquals("before", new String(s.getInputStream().readNBytes(6)));
                Thread.sleep(11_000); // past the 10 s handshake timeout and every other timer the proxy has
                s.getOutputStream().write("after".getBytes());
                assertEquals("after", new String(s.getInputStream().readNBytes(5)));
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"JDK", "OPENSSL"})
    void anAbruptCloseReachesTheOtherSide(TlsProvider provider) throws Exception {
        java.util.concurrent.BlockingQueue<String> seen = new java.util.concurrent.LinkedBlockingQueue<>();
        java.util.concurrent.CountDownLatch requestArrived = new java.util.concurrent.CountDownLatch(1);
        try (App app = new App(s -> {
            try {
                s.getInputStream().readNBytes(REQUEST.length);
                requestArrived.countDown(); // both relays are spliced: the reset is one of an open stream
                s.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
                seen.add("eof");
            } catch (IOException e) {
                seen.add("reset");
            }
        }); Pair p = new Pair(provider, provider, "b", "b", app.port())) {
            Socket s = Mesh.connect(p.a.outboundPort());
            s.getOutputStream().write(REQUEST);
            assertTrue(requestArrived.await(10, TimeUnit.SECONDS));
            s.setSoLinger(true, 0);
            s.close(); // RST
            String how = seen.poll(10, TimeUnit.SECONDS);
            // a reset, not a clean EOF: an aborted upload must not look complete to the application
            assertEquals("reset", how, "the application's connection ended");
            assertTrue(p.a.log.next().contains(" mtls bytes_out=18 "));
            assertTrue(p.b.log.next().contains(" mtls bytes_in=18 "));
        }
    }

    @Test
    void aReconnectingClientResumesItsSessionAndBothSidesStillKnowTheirPeer() throws Exception {
        assumeTrue(io.netty.handler.ssl.OpenSsl.isAvailable(), "BoringSSL does not load here");
        try (App app = App.echo(); Pair p = new Pair(TlsProvider.OPENSSL, TlsProvider.OPENSSL, "b", "b", app.port())) {
            for (int i = 0; i < 3; i++) {
                try (Socket s = Mesh.connect(p.a.outboundPort())) {
                    assertArrayEquals(REQUEST, Mesh.roundTrip(s, REQUEST));
                }
                String in = p.b.log.next();
                assertTrue(in.contains(" peer=spiffe://cluster.local/ns/demo/sa/a mtls "), in);
                String out = p.a.log.next();
                assertTrue(out.contains(" peer=spiffe://cluster.local/ns/demo/sa/b mtls "), out);
            }
            // BoringSSL keeps no resumption counters; what A offers is what its client context kept
            assertTrue(p.a.tls.current().orElseThrow().client().sessionContext().getIds().hasMoreElements(),
                    "A kept a session to resume with B");
        }
    }

    @Test
    void rotationKeepsOpenConnectionsAndUsesTheNewCertificateForNewOnes() throws Exception {
        try (App app = App.echo(); Pair p = new Pair(TlsProvider.AUTO, TlsProvider.AUTO, "b", "b", app.port())) {
            Socket open = Mesh.connect(p.a.outboundPort());
            open.getOutputStream().write("one".getBytes());
            assertEquals("one", new String(open.getInputStream().readNBytes(3)));
            TestPki.Ca next = TestPki.root("next-root");
            TestPki.Workload a2 = TestPki.workload(next, Mesh.TD + "a");
            TestPki.Workload b2 = TestPki.workload(next, Mesh.TD + "b");
            p.a.tls.update(a2.key(), a2.chain(), List.of(a2.root(), PKI.certificate()));
            p.b.tls.update(b2.key(), b2.chain(), List.of(b2.root(), PKI.certificate()));
            open.getOutputStream().write("two".getBytes());
            assertEquals("two", new String(open.getInputStream().readNBytes(3)), "the open connection kept its session");
            try (Socket s = Mesh.connect(p.a.outboundPort())) {
                assertArrayEquals(REQUEST, Mesh.roundTrip(s, REQUEST));
            }
            open.close();
        }
    }

    /**
     * Bytes in use inside the pooled allocator's chunks (handed out, or parked in a thread cache,
     * which is bounded); the arenas' own totals count whole 4 MiB chunks, free space included.
     */
    static long activeBytes() {
        long active = 0;
        List<io.netty.buffer.PoolArenaMetric> arenas = new ArrayList<>(PooledByteBufAllocator.DEFAULT.metric().directArenas());
        arenas.addAll(PooledByteBufAllocator.DEFAULT.metric().heapArenas());
        for (io.netty.buffer.PoolArenaMetric arena : arenas) {
            for (io.netty.buffer.PoolChunkListMetric list : arena.chunkLists()) {
                for (io.netty.buffer.PoolChunkMetric chunk : list) {
                    active += chunk.chunkSize() - chunk.freeBytes();
                }
            }
        }
        return active;
    }

    /** The proxy closes or resets the connection without a byte (a reset may already hit connect()). */
    static void assertRefused(int port, byte[] payload) throws IOException {
        try (Socket s = Mesh.connect(port)) {
            if (payload != null) {
                writeQuietly(s, payload);
            }
            assertTrue(readOrReset(s) <= 0, "closed without a byte");
        } catch (SocketException resetWhileConnecting) {
            // refused as well
        }
    }

    /** Writes to a connection the proxy may already have reset (a refusal is allowed to be quick). */
    static void writeQuietly(Socket s, byte[] bytes) {
        try {
            s.getOutputStream().write(bytes);
        } catch (IOException reset) {
            // the assertion that follows checks that nothing came back
        }
    }

    /** -1 on FIN, 0 on RST: either way no byte. */
    static int readOrReset(Socket s) throws IOException {
        try {
            int b = s.getInputStream().read();
            return b < 0 ? -1 : 1;
        } catch (SocketException e) {
            return 0;
        }
    }
}
