package dev.bollard.proxy.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.bollard.identity.SpiffeId;
import dev.bollard.proxy.outbound.OutboundRoutes.MeshMtls;
import dev.bollard.proxy.outbound.OutboundRoutes.Passthrough;
import dev.bollard.proxy.outbound.OutboundRoutes.Route;
import dev.bollard.proxy.state.MeshEndpoint;
import dev.bollard.proxy.state.MeshSnapshot;
import dev.bollard.proxy.state.MtlsPolicy;
import dev.bollard.proxy.state.PeerAuthenticationMode;

class OutboundRoutesTest {
    static final SpiffeId B = SpiffeId.parse("spiffe://cluster.local/ns/demo/sa/b");

    static MeshSnapshot snapshot() throws Exception {
        MeshEndpoint strict = new MeshEndpoint(InetAddress.getByName("10.250.0.3"), B, "demo/b-0",
                new MtlsPolicy(PeerAuthenticationMode.STRICT, Map.of(9090, PeerAuthenticationMode.DISABLE), "demo/b"));
        MeshEndpoint disabled = new MeshEndpoint(InetAddress.getByName("10.250.0.4"), B, "demo/c-0",
                new MtlsPolicy(PeerAuthenticationMode.DISABLE, Map.of(8443, PeerAuthenticationMode.PERMISSIVE), "demo/c"));
        MeshEndpoint v6 = new MeshEndpoint(InetAddress.getByName("fd00::3"), B, "demo/b-0", MtlsPolicy.DEFAULT);
        return new MeshSnapshot("7", MtlsPolicy.DEFAULT, Map.of(strict.ip(), strict, disabled.ip(), disabled, v6.ip(), v6));
    }

    @ParameterizedTest(name = "{0}:{1} -> {2}")
    @CsvSource({
            "10.250.0.3, 8080, mtls",         // meshed, STRICT
            "10.250.0.3, 9090, passthrough",  // meshed, port-level DISABLE: do not originate mTLS
            "10.250.0.4, 8080, passthrough",  // meshed, DISABLE
            "10.250.0.4, 8443, mtls",         // meshed, DISABLE but port-level PERMISSIVE
            "10.250.9.9, 80, passthrough",    // not in the mesh
            "fd00::3, 80, mtls",              // IPv6 endpoint
            "fd00::4, 80, passthrough",
    })
    void resolve(String ip, int port, String expected) throws Exception {
        InetSocketAddress dst = new InetSocketAddress(InetAddress.getByName(ip), port);
        Route route = OutboundRoutes.resolve(snapshot(), dst);
        assertEquals(dst, route.destination(), "the upstream is always the original destination");
        assertEquals(expected, route instanceof MeshMtls ? "mtls" : "passthrough");
    }

    @Test
    void anEmptySnapshotPassesEverythingThrough() throws Exception {
        assertTrue(OutboundRoutes.resolve(MeshSnapshot.EMPTY, new InetSocketAddress("10.250.0.3", 8080)) instanceof Passthrough);
    }

    @Test
    void secureNaming() throws Exception {
        MeshEndpoint b = snapshot().endpoint(InetAddress.getByName("10.250.0.3")).orElseThrow();
        assertEquals(Optional.empty(), SecureNaming.check(b, "bollard-mtls", Optional.of(B)));
        assertEquals(Optional.of("peer identity spiffe://cluster.local/ns/demo/sa/x is not spiffe://cluster.local/ns/demo/sa/b, "
                        + "the identity the control plane lists for 10.250.0.3"),
                SecureNaming.check(b, "bollard-mtls", Optional.of(SpiffeId.parse("spiffe://cluster.local/ns/demo/sa/x"))));
        // same path, other trust domain: not the same identity
        assertTrue(SecureNaming.check(b, "bollard-mtls", Optional.of(SpiffeId.parse("spiffe://evil.local/ns/demo/sa/b"))).isPresent());
        assertTrue(SecureNaming.check(b, "bollard-mtls", Optional.empty()).orElseThrow().contains("no SPIFFE ID"));
        assertTrue(SecureNaming.check(b, null, Optional.of(B)).orElseThrow().contains("did not negotiate ALPN bollard-mtls"));
        assertTrue(SecureNaming.check(b, "h2", Optional.of(B)).isPresent());
    }
}
