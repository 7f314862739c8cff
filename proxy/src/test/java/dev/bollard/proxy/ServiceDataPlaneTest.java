package dev.bollard.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.bollard.proxy.state.PeerAuthenticationMode;
import dev.bollard.proxy.testing.Mesh;
import dev.bollard.proxy.testing.Mesh.App;
import dev.bollard.proxy.testing.Mesh.Proxy;
import dev.bollard.proxy.testing.TestPki;
import dev.bollard.proxy.tls.TlsProvider;

/**
 * Service traffic on loopback: the client's original destination is a ClusterIP that exists
 * nowhere (no kube-proxy in a pod's namespace); proxy A resolves it to an endpoint itself and
 * originates mTLS to that endpoint's proxy, whose STRICT policy then admits it.
 */
class ServiceDataPlaneTest {
    static final TestPki PKI = new TestPki("mesh-root");
    static final byte[] REQUEST = "GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    static final InetSocketAddress VIP = new InetSocketAddress("10.96.0.20", 80);

    static Proxy server(int appPort) {
        Proxy b = new Proxy(PKI.workload(Mesh.TD + "b").tls(TlsProvider.AUTO));
        b.inboundFor(appPort);
        b.self(PeerAuthenticationMode.STRICT, "demo/default");
        return b;
    }

    @Test
    void aClusterIpGoesOverMtlsToTheChosenEndpointsProxy() throws Exception {
        try (App app = App.echo(); Proxy b = server(app.port()); Proxy a = new Proxy(PKI.workload(Mesh.TD + "a").tls(TlsProvider.AUTO))) {
            a.meshPeerOnLoopback(Mesh.id("b"), PeerAuthenticationMode.STRICT);
            InetSocketAddress endpoint = new InetSocketAddress("127.0.0.1", b.inboundPort());
            a.service("demo/b", VIP, endpoint);
            a.outboundTo(VIP);

            try (Socket s = Mesh.connect(a.outboundPort())) {
                assertArrayEquals(REQUEST, Mesh.roundTrip(s, REQUEST));
            }

            String out = a.log.next();
            assertTrue(out.matches("\\S+Z outbound 127\\.0\\.0\\.1:\\d+ -> 10\\.96\\.0\\.20:80 upstream=127\\.0\\.0\\.1:" + b.inboundPort()
                    + " service=demo/b peer=spiffe://cluster\\.local/ns/demo/sa/b mtls bytes_out=18 bytes_in=18 duration_ms=\\d+"), out);
            String in = b.log.next();
            assertTrue(in.contains(" peer=spiffe://cluster.local/ns/demo/sa/a mtls bytes_in=18 bytes_out=18 ")
                    && in.endsWith("policy=demo/default mode=STRICT"), in);
        }
    }

    @Test
    void connectionsRotateOverTheEndpoints() throws Exception {
        try (App app = App.echo(); Proxy b1 = server(app.port()); Proxy b2 = server(app.port());
             Proxy a = new Proxy(PKI.workload(Mesh.TD + "a").tls(TlsProvider.AUTO))) {
            a.meshPeerOnLoopback(Mesh.id("b"), PeerAuthenticationMode.STRICT);
            a.service("demo/b", VIP, new InetSocketAddress("127.0.0.1", b1.inboundPort()),
                    new InetSocketAddress("127.0.0.1", b2.inboundPort()));
            a.outboundTo(VIP);

            for (int i = 0; i < 2; i++) {
                try (Socket s = Mesh.connect(a.outboundPort())) {
                    assertArrayEquals(REQUEST, Mesh.roundTrip(s, REQUEST));
                }
            }

            assertTrue(b1.log.next().contains(" mtls bytes_in=18 "));
            assertTrue(b2.log.next().contains(" mtls bytes_in=18 "));
        }
    }

    @Test
    void anEndpointWithoutAProxyGetsPlaintextToThatEndpoint() throws Exception {
        try (App app = App.echo(); Proxy a = new Proxy(PKI.workload(Mesh.TD + "a").tls(TlsProvider.AUTO))) {
            // the endpoint (the app) has no proxy: plain TCP to it, not back to the ClusterIP, which
            // would let kube-proxy pick another endpoint, possibly a STRICT one
            InetSocketAddress vip = new InetSocketAddress("10.96.0.21", 80);
            a.service("demo/plain", vip, new InetSocketAddress("127.0.0.1", app.port()));
            a.outboundTo(vip);

            try (Socket s = Mesh.connect(a.outboundPort())) {
                assertArrayEquals(REQUEST, Mesh.roundTrip(s, REQUEST));
            }

            String out = a.log.next();
            assertTrue(out.matches("\\S+Z outbound 127\\.0\\.0\\.1:\\d+ -> 10\\.96\\.0\\.21:80 upstream=127\\.0\\.0\\.1:"
                    + app.port() + " service=demo/plain peer=- passthrough bytes_out=18 bytes_in=18 duration_ms=\\d+"), out);
            assertEquals("127.0.0.1", app.clients.poll(5, TimeUnit.SECONDS).getAddress().getHostAddress());
        }
    }
}
