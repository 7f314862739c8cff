package dev.bollard.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
                    && refused.endsWith(" mode=STRICT rbac=deny rbac_reason=\"no ALLOW policy matched\""
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
                    + " bytes_in=32 bytes_out=68 duration_ms=\\d+ rbac=allow policy=demo/allow-a"), a);
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
            assertTrue(b.log.next().endsWith(" rbac=allow policy=demo/read-only"));
            String denied = b.log.next();
            assertTrue(denied.contains(" http method=DELETE path=/one authority=b status=403 bytes_in=33 bytes_out=91 ")
                    && denied.endsWith(" rbac=deny rbac_reason=\"no ALLOW policy matched\""), denied);
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
            assertTrue(b.log.next().endsWith(" rbac=deny policy=demo/deny-admin"));
        }
    }

    @Test
    void aNonHttpAndAServerFirstProtocolStillWorkUnderAPolicy() throws Exception {
        try (App echo = App.echo();
             App banner = new App(s -> {
                 try {
                     s.getOutputStream().write("220 smtp ready\r\n".getBytes());
                     s.getInputStream().transferTo(s.getOutputStream());
                 } catch (IOException e) {
                     throw new java.io.UncheckedIOException(e);
                 }
             });
             Proxy b = permissive(echo.port())) {
            FakeAuthorizer.install(b, new FakeAuthorizer(c -> FakeAuthorizer.allow("demo/tcp"), (c, r) -> FakeAuthorizer.deny("demo/tcp")));
            try (Socket s = Mesh.connect(b.inboundPort())) {
                assertEquals("EHLO relay\r\n", new String(Mesh.roundTrip(s, "EHLO relay\r\n".getBytes())));
            }
            assertTrue(b.log.next().endsWith(" rbac=allow rbac_policy=demo/tcp"));
            b.inboundFor(banner.port());
            try (Socket s = Mesh.connect(b.inboundPort())) {
                byte[] greeting = new byte[16];
                new java.io.DataInputStream(s.getInputStream()).readFully(greeting);
                assertEquals("220 smtp ready\r\n", new String(greeting));
                s.getOutputStream().write("QUIT\r\n".getBytes());
                assertEquals("QUIT\r\n", new String(s.getInputStream().readNBytes(6)));
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
        AuthzDecision withShadow = new AuthzDecision(Verdict.ALLOW, "demo/allow-all", "allowed",
                List.of("dry-run deny demo/deny-admin", "audit demo/audit-all"));
        try (Http.Server app = new Http.Server(); Proxy b = permissive(app.port())) {
            FakeAuthorizer.install(b, new FakeAuthorizer(c -> withShadow, (c, r) -> withShadow));
            try (Socket s = Mesh.connect(b.inboundPort())) {
                Http.send(s, get("/admin"));
                assertOk("/admin", Http.response(s));
            }
            String line = b.log.next();
            assertTrue(line.endsWith(" rbac=allow policy=demo/allow-all shadow=\"dry-run deny demo/deny-admin; audit demo/audit-all\""), line);
        }
    }

    @Test
    void aDeniedRequestThatAsksToCloseIsAnsweredThenClosed() throws Exception {
        try (Http.Server app = new Http.Server(); Proxy b = permissive(app.port())) {
            FakeAuthorizer.install(b, FakeAuthorizer.denyPaths("demo/deny-admin", "/admin"));
            try (Socket s = Mesh.connect(b.inboundPort())) {
                Http.send(s, "GET /admin HTTP/1.0\r\n\r\n");
                Message m = Http.response(s);
                assertDenied(m);
                assertEquals("close", m.headers().get("connection"));
                assertEquals(-1, s.getInputStream().read());
            }
            assertEquals(0, app.app.clients.size(), "a connection whose every request is denied never reaches the application");
        }
    }
}
