package dev.bollard.proxy.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
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
import dev.bollard.proxy.state.ServiceTarget;

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

    static final InetSocketAddress VIP = new InetSocketAddress("10.96.0.20", 80);

    /** Service demo/b at 10.96.0.20:80: [0] meshed STRICT, [1] meshed but port-level DISABLE, [2] not meshed. */
    static MeshSnapshot withService() throws Exception {
        MeshSnapshot base = snapshot();
        ServiceTarget b = new ServiceTarget("demo/b", List.of(new InetSocketAddress("10.250.0.3", 8080),
                new InetSocketAddress("10.250.0.3", 9090), new InetSocketAddress("10.250.0.9", 8080)));
        return new MeshSnapshot(base.version(), base.self(), base.endpoints(), Map.of(VIP, b));
    }

    @ParameterizedTest(name = "endpoint {0} -> {1} {2}")
    @CsvSource({
            "0, mtls, 10.250.0.3:8080",        // meshed endpoint: mTLS straight to the pod, past kube-proxy
            "1, passthrough, 10.250.0.3:9090", // meshed, but DISABLE on its target port: plain, to that endpoint
            "2, passthrough, 10.250.0.9:8080", // not meshed: plain to the chosen endpoint (kube-proxy must not re-pick)
    })
    void aClusterIpResolvesToThePickedEndpoint(int picked, String transport, String upstream) throws Exception {
        Route route = OutboundRoutes.resolve(withService(), VIP, size -> picked);

        assertEquals(transport, route instanceof MeshMtls ? "mtls" : "passthrough");
        assertEquals(upstream, route.destination().getAddress().getHostAddress() + ":" + route.destination().getPort());
        assertEquals(Optional.of("demo/b"), route.service());
    }

    @Test
    void theMeshRouteToAnEndpointCarriesThatEndpointsIdentity() throws Exception {
        MeshMtls route = (MeshMtls) OutboundRoutes.resolve(withService(), VIP, size -> 0);

        assertEquals(B, route.endpoint().identity());
        assertEquals(InetAddress.getByName("10.250.0.3"), route.endpoint().ip());
    }

    @Test
    void anotherPortOfTheClusterIpIsNotTheService() throws Exception {
        Route route = OutboundRoutes.resolve(withService(), new InetSocketAddress("10.96.0.20", 443), size -> 0);

        assertEquals(new Passthrough(new InetSocketAddress("10.96.0.20", 443)), route);
    }

    @Test
    void roundRobinVisitsEveryEndpointInTurn() throws Exception {
        EndpointPicker picker = EndpointPicker.roundRobin();
        List<String> upstreams = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            upstreams.add(OutboundRoutes.resolve(withService(), VIP, picker).destination().toString());
        }
        assertEquals(List.of("/10.250.0.3:8080", "/10.250.0.3:9090", "/10.250.0.9:8080", "/10.250.0.3:8080"), upstreams);
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
