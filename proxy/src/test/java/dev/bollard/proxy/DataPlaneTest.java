package dev.bollard.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import dev.bollard.proxy.state.PeerAuthenticationMode;
import dev.bollard.proxy.testing.Mesh;
import dev.bollard.proxy.testing.Mesh.App;
import dev.bollard.proxy.testing.Mesh.Proxy;
import dev.bollard.proxy.testing.TestPki;
import dev.bollard.proxy.tls.TlsProvider;

class DataPlaneTest {
    static final TestPki PKI = new TestPki("mesh-root");

    @Test
    void outboundPassthroughRelaysPlainTcp() throws Exception {
        try (App app = App.echo(); Proxy a = new Proxy(PKI.workload(Mesh.TD + "a").tls(TlsProvider.AUTO))) {
            a.outboundTo(new InetSocketAddress("127.0.0.1", app.port()));
            try (var s = Mesh.connect(a.outboundPort())) {
                assertArrayEquals("hello".getBytes(), Mesh.roundTrip(s, "hello".getBytes()));
            }
            String line = a.log.next();
            assertTrue(line.matches(".* outbound 127\\.0\\.0\\.1:\\d+ -> 127\\.0\\.0\\.1:" + app.port()
                    + " peer=- passthrough bytes_out=5 bytes_in=5 duration_ms=\\d+"), line);
        }
    }

    @ParameterizedTest
    @EnumSource(value = TlsProvider.class, names = {"JDK", "OPENSSL"})
    void meshMtlsCarriesThePeerIdentity(TlsProvider provider) throws Exception {
        try (App app = App.echo();
             Proxy a = new Proxy(PKI.workload(Mesh.TD + "a").tls(provider));
             Proxy b = new Proxy(PKI.workload(Mesh.TD + "b").tls(provider))) {
            b.inboundFor(app.port());
            b.self(PeerAuthenticationMode.STRICT, "demo/default");
            a.meshPeerOnLoopback(Mesh.id("b"), PeerAuthenticationMode.STRICT);
            a.outboundTo(new InetSocketAddress("127.0.0.1", b.inboundPort()));
            try (var s = Mesh.connect(a.outboundPort())) {
                byte[] request = "GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
                assertArrayEquals(request, Mesh.roundTrip(s, request));
            }
            String in = b.log.next();
            assertTrue(in.matches(".* inbound 127\\.0\\.0\\.1:\\d+ -> 127\\.0\\.0\\.1:" + app.port()
                    + " peer=spiffe://cluster.local/ns/demo/sa/a mtls bytes_in=18 bytes_out=18 duration_ms=\\d+ policy=demo/default mode=STRICT"), in);
            String out = a.log.next();
            assertTrue(out.matches(".* outbound .* peer=spiffe://cluster.local/ns/demo/sa/b mtls bytes_out=18 bytes_in=18 duration_ms=\\d+"), out);
            assertEquals("127.0.0.6", app.clients.take().getAddress().getHostAddress());
        }
    }
}
