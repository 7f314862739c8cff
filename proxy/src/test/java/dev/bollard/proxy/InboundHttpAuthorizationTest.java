package dev.bollard.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.io.OutputStream;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.bollard.identity.TestPki;
import dev.bollard.proxy.authz.AuthzDecision;
import dev.bollard.proxy.authz.AuthzDecision.Verdict;
import dev.bollard.proxy.state.PeerAuthenticationMode;
import dev.bollard.proxy.testing.FakeAuthorizer;
import dev.bollard.proxy.testing.Http;
import dev.bollard.proxy.testing.Http.Message;
import dev.bollard.proxy.testing.Mesh;
import dev.bollard.proxy.testing.Mesh.App;
import dev.bollard.proxy.testing.Mesh.Proxy;
import dev.bollard.proxy.tls.TlsProvider;

/**
 * AuthorizationPolicy on inbound traffic, as Envoy enforces it in an Istio sidecar: TCP decided
 * once per connection (denied: closed), HTTP/1.1 decided per request (denied: 403
 * {@code RBAC: access denied}, the request never reaches the application). The policy engine is
 * faked ({@link FakeAuthorizer}); the data plane and the applications are real, on loopback.
 */
class InboundHttpAuthorizationTest {
    static final TestPki.Ca PKI = TestPki.root("mesh-root");
    static final String ALLOW_A = "cluster.local/ns/demo/sa/a";

    @BeforeAll
    static void watchForLeaks() {
        DataPlaneTest.watchForLeaks();
    }

    @AfterAll
    static void noBufferLeaked() throws Exception {
        DataPlaneTest.noBufferLeaked();
    }

    /** B serving {@code appPort} (STRICT), and clients A and C whose outbound goes to B over mTLS. */
    static final class Trio implements AutoCloseable {
        final Proxy a = client("a");
        final Proxy c = client("c");
        final Proxy b = new Proxy(Mesh.tls(TestPki.workload(PKI, Mesh.TD + "b"), TlsProvider.AUTO));

        Trio(int appPort) {
            b.inboundFor(appPort);
            b.self(PeerAuthenticationMode.STRICT, "demo/default");
            for (Proxy client : List.of(a, c)) {
                client.meshPeerOnLoopback(Mesh.id("b"), PeerAuthenticationMode.STRICT);
                client.outboundTo(new InetSocketAddress("127.0.0.1", b.inboundPort()));
            }
        }

        static Proxy client(String sa) {
            return new Proxy(Mesh.tls(TestPki.workload(PKI, Mesh.TD + sa), TlsProvider.AUTO));
        }

        @Override
        public void close() {
            a.close();
            c.close();
            b.close();
        }
    }

    /** B in PERMISSIVE mode, plaintext clients connecting to its inbound listener directly. */
    static Proxy permissive(int appPort) {
        Proxy b = new Proxy(Mesh.tls(TestPki.workload(PKI, Mesh.TD + "b"), TlsProvider.AUTO));
        b.self(PeerAuthenticationMode.PERMISSIVE, "");
        b.inboundFor(appPort);
        return b;
    }

    static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nhost: b:8080\r\n\r\n";
    }

    static void assertDenied(Message m) {
        assertEquals(403, m.status(), m.toString());
        assertEquals("RBAC: access denied", m.body());
        assertEquals("text/plain", m.headers().get("content-type"));
        assertEquals("19", m.headers().get("content-length"));
    }

    static void assertOk(String path, Message m) {
        assertEquals(200, m.status(), String.valueOf(m));
        assertEquals("ok " + path, m.body());
    }

    @Test
    void allowByPrincipalAdmitsAAndClosesCOverTcp() throws Exception {
        try (App app = App.echo(); Trio t = new Trio(app.port())) {
            FakeAuthorizer.install(t.b, FakeAuthorizer.allowPrincipals("demo/allow-a", Set.of(ALLOW_A)));
            try (Socket s = Mesh.connect(t.a.outboundPort())) {
                assertEquals("hello", new String(Mesh.roundTrip(s, "hello".getBytes())));
            }
            String admitted = t.b.log.next();
            assertTrue(admitted.contains(" peer=spiffe://cluster.local/ns/demo/sa/a mtls bytes_in=5 bytes_out=5 ")
                    && admitted.endsWith(" policy=demo/default mode=STRICT rbac=allow rbac_policy=demo/allow-a"), admitted);
            DataPlaneTest.assertRefused(t.c.outboundPort(), "hello".getBytes());
            String refused = t.b.log.next();
            assertTrue(refused.contains(" peer=spiffe://cluster.local/ns/demo/sa/c mtls bytes_in=0 bytes_out=0 ")
                    && refused.endsWith(" mode=STRICT rbac=deny rbac_policy=- rbac_reason=\"no ALLOW policy matched\""
                    + " refused=\"denied by AuthorizationPolicy (no ALLOW policy matched)\""), refused);
            assertEquals(1, app.clients.size(), "C never reached the application");
        }
    }

    @Test
    void allowByPrincipalAdmitsAAndAnswersC403OverHttp() throws Exception {
        try (Http.Server app = new Http.Server(); Trio t = new Trio(app.port())) {
            FakeAuthorizer.install(t.b, FakeAuthorizer.allowPrincipals("demo/allow-a", Set.of(ALLOW_A)));
            try (Socket s = Mesh.connect(t.a.outboundPort())) {
                Http.send(s, get("/"));
                assertOk("/", Http.response(s));
            }
            try (Socket s = Mesh.connect(t.c.outboundPort())) {
                Http.send(s, get("/"));
                assertDenied(Http.response(s));
            }
            assertEquals("GET /", app.seen.poll(5, TimeUnit.SECONDS));
            assertNull(app.seen.poll(200, TimeUnit.MILLISECONDS), "C's request never reached the application");
            String a = t.b.log.next();
            assertTrue(a.matches("\\S+Z inbound 127\\.0\\.0\\.1:\\d+ -> 127\\.0\\.0\\.1:" + app.port()
                    + " peer=spiffe://cluster\\.local/ns/demo/sa/a mtls http method=GET path=/ authority=b:8080 status=200"
                    + " bytes_in=32 bytes_out=68 duration_ms=\\d+ rbac=allow rbac_policy=demo/allow-a"), a);
        }
    }

    @Test
    void denyOnAPathAnswers403OnOneKeepAliveConnectionAndSkipsTheDeniedBodies() throws Exception {
        try (Http.Server app = new Http.Server(); Proxy b = permissive(app.port())) {
            FakeAuthorizer.install(b, FakeAuthorizer.denyPaths("demo/deny-admin", "/admin"));
            try (Socket s = Mesh.connect(b.inboundPort())) {
                Http.send(s, get("/"));
                assertOk("/", Http.response(s));
                Http.send(s, get("/admin/x"));
                assertDenied(Http.response(s));
                Http.send(s, "POST /admin/upload HTTP/1.1\r\nhost: b\r\ncontent-length: 11\r\n\r\nsecret-body");
                assertDenied(Http.response(s));
                Http.send(s, "POST /admin/upload HTTP/1.1\r\nhost: b\r\ntransfer-encoding: chunked\r\n\r\n"
                        + "6;ext=1\r\nsecret\r\n5\r\n-body\r\n0\r\nx-trailer: t\r\n\r\n");
                assertDenied(Http.response(s));
                Http.send(s, get("/static/../admin/x") + get("/%61dmin") + get("http://b/admin"));
                assertDenied(Http.response(s));
                assertDenied(Http.response(s));
                assertDenied(Http.response(s));
                Http.send(s, "POST /ok HTTP/1.1\r\nhost: b\r\ncontent-length: 4\r\n\r\nbody");
                assertOk("/ok", Http.response(s));
            }
            assertEquals("GET /", app.seen.poll(5, TimeUnit.SECONDS));
            assertEquals("POST /ok body=body", app.seen.poll(5, TimeUnit.SECONDS), "neither denied request nor its body was forwarded");
        }
    }

    @Test
    void methodsAreDecidedPerRequest() throws Exception {
        try (Http.Server app = new Http.Server(); Proxy b = permissive(app.port())) {
            FakeAuthorizer.install(b, FakeAuthorizer.allowMethods("demo/read-only", Set.of("GET", "HEAD")));
            try (Socket s = Mesh.connect(b.inboundPort())) {
                Http.send(s, get("/one"));
                assertOk("/one", Http.response(s));
                Http.send(s, "DELETE /one HTTP/1.1\r\nhost: b\r\n\r\n");
                assertDenied(Http.response(s));
                Http.send(s, get("/two"));
                assertOk("/two", Http.response(s));
            }
            assertTrue(b.log.next().endsWith(" rbac=allow rbac_policy=demo/read-only"));
            String denied = b.log.next();
            assertTrue(denied.contains(" http method=DELETE path=/one authority=b status=403 bytes_in=33 bytes_out=91 ")
                    && denied.endsWith(" rbac=deny rbac_policy=- rbac_reason=\"no ALLOW policy matched\""), denied);
        }
    }

    @Test
    void pipelinedRequestsGetTheirResponsesInOrder() throws Exception {
        try (Http.Server app = new Http.Server(); Proxy b = permissive(app.port())) {
            FakeAuthorizer.install(b, FakeAuthorizer.denyPaths("demo/deny-admin", "/admin"));
            try (Socket s = Mesh.connect(b.inboundPort())) {
                // the 403 for the second is ready at once, the application's answer to the first after 300 ms
                Http.send(s, get("/slow") + get("/admin") + get("/chunked") + get("/admin/2") + get("/last"));
                assertOk("/slow", Http.response(s));
                assertDenied(Http.response(s));
                assertOk("/chunked", Http.response(s));
                assertDenied(Http.response(s));
                assertOk("/last", Http.response(s));
            }
            for (String path : List.of("/slow", "/admin", "/chunked", "/admin/2", "/last")) {
                String line = b.log.next();
                assertTrue(line.contains(" path=" + path + " "), line);
            }
        }
    }

    @Test
    void anUpgradeTurnsTheConnectionIntoAByteRelay() throws Exception {
        try (Http.Server app = new Http.Server(); Proxy b = permissive(app.port())) {
            FakeAuthorizer.install(b, FakeAuthorizer.denyPaths("demo/deny-admin", "/admin"));
            try (Socket s = Mesh.connect(b.inboundPort())) {
                Http.send(s, "GET /upgrade HTTP/1.1\r\nhost: b\r\nconnection: upgrade\r\nupgrade: raw\r\n\r\n");
                assertEquals(101, Http.response(s).status());
                String notHttp = "GET /admin HTTP/1.1\r\n\r\n\u0000\u0001 no longer HTTP";
                Http.send(s, notHttp);
                assertEquals(notHttp, new String(s.getInputStream().readNBytes(notHttp.length()), "ISO-8859-1"),
                        "after the switch the proxy relays bytes and decides nothing");
            }
            assertTrue(b.log.next().contains(" method=GET path=/upgrade authority=b status=101 "));
        }
    }

    @Test
    void aPolicyChangeAppliesToTheNextRequestOfAnOpenConnection() throws Exception {
        try (Http.Server app = new Http.Server(); Proxy b = permissive(app.port())) {
            try (Socket s = Mesh.connect(b.inboundPort())) {
                Http.send(s, get("/admin"));
                assertOk("/admin", Http.response(s));
                FakeAuthorizer.install(b, FakeAuthorizer.denyPaths("demo/deny-admin", "/admin"));
                Http.send(s, get("/admin"));
                assertDenied(Http.response(s));
            }
            String noPolicy = b.log.next();
            assertTrue(noPolicy.endsWith(" status=200 bytes_in=37 bytes_out=73 duration_ms=" + noPolicy.replaceAll(".*duration_ms=", "")),
                    "no rbac= while no policy applies: " + noPolicy);
            assertTrue(b.log.next().endsWith(" rbac=deny rbac_policy=demo/deny-admin"));
        }
    }

    /** A server-first protocol: greets, then answers each line with the same line. */
    static void greetThenEchoLines(Socket s) {
        try {
            java.io.BufferedReader lines = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream()));
            java.io.PrintStream out = new java.io.PrintStream(s.getOutputStream(), true);
            out.print("220 smtp ready\r\n");
            out.flush();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                out.print(line + "\r\n");
                out.flush();
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aNonHttpAndAServerFirstProtocolStillWorkUnderAPolicy() throws Exception {
        try (App echo = App.echo(); App smtp = new App(InboundHttpAuthorizationTest::greetThenEchoLines);
             Proxy b = permissive(echo.port())) {
            FakeAuthorizer.install(b, new FakeAuthorizer(c -> FakeAuthorizer.allow("demo/tcp"), (c, r) -> FakeAuthorizer.deny("demo/tcp")));
            try (Socket s = Mesh.connect(b.inboundPort())) {
                assertEquals("EHLO relay\r\n", new String(Mesh.roundTrip(s, "EHLO relay\r\n".getBytes())));
            }
            assertTrue(b.log.next().endsWith(" rbac=allow rbac_policy=demo/tcp"));
            b.inboundFor(smtp.port());
            try (Socket s = Mesh.connect(b.inboundPort())) {
                assertEquals("220 smtp ready\r\n", new String(s.getInputStream().readNBytes(16)));
                Http.send(s, "QUIT\r\n");
                assertEquals("QUIT\r\n", new String(s.getInputStream().readNBytes(6)));
            }
        }
    }

    @Test
    void anAllowedRequestReachesTheApplicationByteForByte() throws Exception {
        String request = "POST /x HTTP/1.1\r\nHost:b\r\nX-Odd:   spaced  \r\nTransfer-Encoding: chunked\r\n\r\n"
                + "4;ext=\"q\"\r\nbody\r\n0\r\nT: 1\r\n\r\n";
        java.util.concurrent.BlockingQueue<String> received = new java.util.concurrent.LinkedBlockingQueue<>();
        try (App raw = new App(s -> {
            try {
                received.add(new String(s.getInputStream().readNBytes(request.length()), "ISO-8859-1"));
                s.getOutputStream().write("HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok".getBytes());
                s.getInputStream().readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }); Proxy b = permissive(raw.port())) {
            FakeAuthorizer.install(b, FakeAuthorizer.denyPaths("demo/deny-admin", "/admin"));
            try (Socket s = Mesh.connect(b.inboundPort())) {
                Http.send(s, request);
                assertEquals("ok", Http.response(s).body());
                s.shutdownOutput(); // and a half-close still reaches the application
                assertEquals(-1, s.getInputStream().read());
            }
            assertEquals(request, received.poll(5, TimeUnit.SECONDS));
            assertTrue(b.log.next().contains(" method=POST path=/x authority=b status=200 bytes_in=" + request.length() + " bytes_out=40 "));
        }
    }

    @Test
    void connectTurnsTheConnectionIntoATunnel() throws Exception {
        try (App tunnel = new App(s -> {
            try {
                Http.read(s.getInputStream(), true);
                s.getOutputStream().write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes());
                s.getInputStream().transferTo(s.getOutputStream());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }); Proxy b = permissive(tunnel.port())) {
            FakeAuthorizer.install(b, FakeAuthorizer.denyPaths("demo/deny-admin", "/admin"));
            try (Socket s = Mesh.connect(b.inboundPort())) {
                Http.send(s, "CONNECT db:5432 HTTP/1.1\r\nhost: db:5432\r\n\r\n");
                String established = "HTTP/1.1 200 Connection established\r\n\r\n";
                assertEquals(established, new String(s.getInputStream().readNBytes(established.length())));
                String inTunnel = "GET /admin HTTP/1.1\r\n\r\n";
                Http.send(s, inTunnel);
                assertEquals(inTunnel, new String(s.getInputStream().readNBytes(inTunnel.length())), "relayed, not decided");
            }
            assertTrue(b.log.next().contains(" method=CONNECT path=db:5432 authority=db:5432 status=200 "));
        }
    }

    @Test
    void anApplicationThatDoesNotAnswerInHttpIsRelayedAsItIs() throws Exception {
        try (App echo = App.echo(); Proxy b = permissive(echo.port())) {
            FakeAuthorizer.install(b, FakeAuthorizer.denyPaths("demo/deny-admin", "/admin"));
            try (Socket s = Mesh.connect(b.inboundPort())) {
                Http.send(s, get("/"));
                assertEquals(get("/"), new String(s.getInputStream().readNBytes(get("/").length())), "echoed at once, not held");
                Http.send(s, get("/admin"));
                assertEquals(-1, s.getInputStream().read(), "a denied request without a way to answer it in order: closed");
            }
        }
    }

    @Test
    void aLargeResponseReachesASlowReaderInBoundedMemory() throws Exception {
        int size = 16 << 20;
        String bigHead = "HTTP/1.1 200 OK\r\ncontent-length: " + size + "\r\n\r\n";
        byte[] chunk = new byte[64 * 1024];
        new java.util.Random(7).nextBytes(chunk);
        try (App big = new App(s -> {
            try {
                Http.read(s.getInputStream(), true);
                OutputStream out = s.getOutputStream();
                out.write(bigHead.getBytes());
                for (int i = 0; i < size / chunk.length; i++) {
                    out.write(chunk);
                }
                Http.read(s.getInputStream(), true);
                out.write("HTTP/1.1 204 No Content\r\n\r\n".getBytes());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }); Proxy b = permissive(big.port())) {
            FakeAuthorizer.install(b, FakeAuthorizer.denyPaths("demo/deny-admin", "/admin"));
            try (Socket s = Mesh.connect(b.inboundPort())) {
                s.setReceiveBufferSize(64 * 1024);
                Http.send(s, get("/big"));
                java.io.InputStream in = s.getInputStream();
                Message head = Http.read(new java.io.ByteArrayInputStream(in.readNBytes(bigHead.length())), false);
                assertEquals(String.valueOf(size), head.headers().get("content-length"));
                long peak = 0;
                byte[] buf = new byte[16 * 1024];
                for (long total = 0; total < size; ) {
                    int n = in.read(buf, 0, (int) Math.min(buf.length, size - total));
                    assertEquals(chunk[(int) (total % chunk.length)], buf[0]);
                    total += n;
                    if (total < 4 << 20) {
                        Thread.sleep(1);
                    }
                    peak = Math.max(peak, DataPlaneTest.activeBytes());
                }
                assertTrue(peak < 8L << 20, "pooled memory stayed bounded: peak " + (peak >> 10) + " KiB");
                System.err.println("16 MiB response: peak pooled memory " + (peak >> 10) + " KiB");
                Http.send(s, get("/after"));
                assertEquals(204, Http.response(s).status(), "the body was framed exactly: the next response is found");
            }
        }
    }

    @Test
    void anOversizeHeadGets431AndAMalformedOne400AndBothClose() throws Exception {
        try (Http.Server app = new Http.Server(); Proxy b = permissive(app.port())) {
            try (Socket s = Mesh.connect(b.inboundPort())) {
                Http.send(s, "GET / HTTP/1.1\r\nhost: b\r\nx-big: " + "a".repeat(70 * 1024) + "\r\n\r\n");
                Message m = Http.response(s);
                assertEquals(431, m.status());
                assertEquals("close", m.headers().get("connection"));
                assertEquals(-1, s.getInputStream().read(), "closed after the 431");
            }
            try (Socket s = Mesh.connect(b.inboundPort())) {
                Http.send(s, "POST / HTTP/1.1\r\nhost: b\r\ncontent-length: 3\r\ntransfer-encoding: chunked\r\n\r\n0\r\n\r\n");
                assertEquals(400, Http.response(s).status());
                assertEquals(-1, s.getInputStream().read(), "closed after the 400");
            }
            assertNull(app.seen.poll(200, TimeUnit.MILLISECONDS), "neither reached the application");
            assertTrue(b.log.next().contains(" http method=- path=- authority=- status=431 "));
        }
    }

    @Test
    void auditAndDryRunNotesAreLogged() throws Exception {
        AuthzDecision withShadow = new AuthzDecision(Verdict.ALLOW, "demo/allow-all", AuthzDecision.MATCHED_ALLOW,
                List.of("dry-run deny demo/deny-admin", "audit demo/audit-all"));
        try (Http.Server app = new Http.Server(); Proxy b = permissive(app.port())) {
            FakeAuthorizer.install(b, new FakeAuthorizer(c -> withShadow, (c, r) -> withShadow));
            try (Socket s = Mesh.connect(b.inboundPort())) {
                Http.send(s, get("/admin"));
                assertOk("/admin", Http.response(s));
            }
            String line = b.log.next();
            assertTrue(line.endsWith(" rbac=allow rbac_policy=demo/allow-all rbac_shadow=\"dry-run deny demo/deny-admin; audit demo/audit-all\""), line);
        }
    }

    /**
     * HTTP/1.0 without keep-alive, {@code connection: close}, and a body announced with
     * {@code expect: 100-continue} (the client may or may not send it after a 403: only a close is
     * unambiguous, as Envoy closes).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"GET /admin HTTP/1.0\r\n\r\n", "GET /admin HTTP/1.1\r\nconnection: close\r\n\r\n",
            "PUT /admin HTTP/1.1\r\nhost: b\r\nexpect: 100-continue\r\ncontent-length: 5\r\n\r\n"})
    void aDeniedRequestThatCannotKeepTheConnectionIsAnsweredThenClosed(String request) throws Exception {
        try (Http.Server app = new Http.Server(); Proxy b = permissive(app.port())) {
            FakeAuthorizer.install(b, FakeAuthorizer.denyPaths("demo/deny-admin", "/admin"));
            try (Socket s = Mesh.connect(b.inboundPort())) {
                Http.send(s, request);
                Message m = Http.response(s);
                assertDenied(m);
                assertEquals("close", m.headers().get("connection"));
                assertEquals(-1, s.getInputStream().read());
            }
            assertEquals(0, app.app.clients.size(), "a connection whose every request is denied never reaches the application");
        }
    }

    @Test
    void aLargeChunkedUploadToASlowApplicationStaysBounded() throws Exception {
        int chunks = 256;
        byte[] chunk = new byte[64 * 1024];
        new java.util.Random(3).nextBytes(chunk);
        String head = "POST /upload HTTP/1.1\r\nhost: b\r\ntransfer-encoding: chunked\r\n\r\n";
        String size = Integer.toHexString(chunk.length) + "\r\n";
        long total = head.length() + (long) chunks * (size.length() + chunk.length + 2) + 5;
        try (App slow = new App(s -> {
            try {
                java.io.InputStream in = s.getInputStream();
                byte[] buf = new byte[16 * 1024];
                long read = 0;
                for (int n; read < total && (n = in.read(buf)) > 0; read += n) {
                    if (read < 4 << 20) {
                        Thread.sleep(2); // slow at first: the proxy must stop reading the client, not buffer the upload
                    }
                }
                s.getOutputStream().write("HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n".getBytes());
                in.read();
            } catch (IOException | InterruptedException e) {
                throw new RuntimeException(e);
            }
        }); Proxy b = permissive(slow.port())) {
            FakeAuthorizer.install(b, FakeAuthorizer.denyPaths("demo/deny-admin", "/admin"));
            AtomicPeak peak = new AtomicPeak();
            try (Socket s = Mesh.connect(b.inboundPort())) {
                Http.send(s, head);
                OutputStream out = s.getOutputStream();
                for (int i = 0; i < chunks; i++) {
                    out.write(size.getBytes());
                    out.write(chunk);
                    out.write("\r\n".getBytes());
                    peak.sample();
                }
                out.write("0\r\n\r\n".getBytes());
                assertEquals(200, Http.response(s).status());
            }
            assertTrue(peak.max < 8L << 20, "pooled memory stayed bounded: peak " + (peak.max >> 10) + " KiB");
            System.err.println("16 MiB chunked upload: peak pooled memory " + (peak.max >> 10) + " KiB");
            String line = b.log.next();
            assertTrue(line.contains(" method=POST path=/upload authority=b status=200 "), line);
        }
    }

    /** The pooled allocator's use, sampled by the test thread. */
    static final class AtomicPeak {
        long max;

        void sample() {
            max = Math.max(max, DataPlaneTest.activeBytes());
        }
    }

    @Test
    void anAuthorizerThatFailsDeniesAndSaysWhy() throws Exception {
        try (Http.Server app = new Http.Server(); Proxy b = permissive(app.port())) {
            FakeAuthorizer.install(b, new FakeAuthorizer(c -> {
                throw new IllegalStateException("tcp rule broken");
            }, (c, r) -> {
                throw new IllegalStateException("rule broken");
            }));
            try (Socket s = Mesh.connect(b.inboundPort())) {
                Http.send(s, get("/"));
                assertDenied(Http.response(s));
            }
            String line = b.log.next();
            assertTrue(line.matches(".* status=403 bytes_in=32 bytes_out=91 duration_ms=\\d+"
                    + " rbac=deny rbac_policy=- rbac_reason=\"authorization failed: java\\.lang\\.IllegalStateException: rule broken\""), line);
        }
    }
}
