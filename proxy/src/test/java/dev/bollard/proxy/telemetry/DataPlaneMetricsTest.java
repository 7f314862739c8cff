package dev.bollard.proxy.telemetry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import dev.bollard.identity.TestPki;
import dev.bollard.proxy.DataPlane;
import dev.bollard.proxy.DataPlaneConfig;
import dev.bollard.proxy.net.OriginalDestination;
import dev.bollard.proxy.state.MeshEndpoint;
import dev.bollard.proxy.state.MeshSnapshot;
import dev.bollard.proxy.state.MtlsPolicy;
import dev.bollard.proxy.state.PeerAuthenticationMode;
import dev.bollard.proxy.state.WorkloadTelemetry;
import dev.bollard.proxy.testing.Mesh;
import dev.bollard.proxy.tls.TlsProvider;
import dev.bollard.proxy.tls.WorkloadTls;

/** The metrics decorator under the real data plane: A's outbound to B's inbound over mTLS, one TCP connection. */
class DataPlaneMetricsTest {
    static final TestPki.Ca PKI = TestPki.root("metrics-root");

    /** One data plane with metrics, its fake original destinations keyed by listener port. */
    static final class Side implements AutoCloseable {
        final AtomicReference<MeshSnapshot> mesh = new AtomicReference<>(MeshSnapshot.EMPTY);
        final Map<Integer, InetSocketAddress> originals = new ConcurrentHashMap<>();
        final IstioMetrics metrics = new IstioMetrics(100);
        final MetricsConnectionLog log;
        final DataPlane dp;

        Side(String sa, WorkloadTelemetry self) {
            WorkloadTls tls = Mesh.tls(TestPki.workload(PKI, Mesh.TD + sa), TlsProvider.JDK);
            log = new MetricsConnectionLog(new Mesh.Lines(), metrics, MetricsConfig.defaults(), "demo", mesh::get,
                    () -> Optional.of(Mesh.TD + sa), System::nanoTime);
            OriginalDestination.Lookup lookup = ch -> Optional.ofNullable(originals.get(((InetSocketAddress) ch.localAddress()).getPort()));
            dp = DataPlane.start(new DataPlaneConfig(0, 0, TlsProvider.JDK, Duration.ofSeconds(2)), mesh::get, tls, log, lookup);
            mesh.set(new MeshSnapshot("1", new MtlsPolicy(PeerAuthenticationMode.STRICT, Map.of(), "demo/default"), Map.of(),
                    Map.of(), dev.bollard.proxy.authz.Authorizer.NONE, self));
        }

        String scrape() {
            return new Scrape(metrics, log::promote, new ProxyHealth(Optional::empty, () -> true, () -> "1", () -> 2, () -> true,
                    () -> 0), java.time.Clock.systemUTC(), false).text();
        }

        @Override
        public void close() {
            dp.close();
        }
    }

    @Test
    void aMeshTcpConnectionIsCountedOnBothSidesWithBothPrincipals() throws Exception {
        WorkloadTelemetry a = new WorkloadTelemetry("demo", "a-v1", "a", "v1", "a", "v1");
        WorkloadTelemetry b = new WorkloadTelemetry("demo", "b-v1", "b", "v1", "b", "v1");
        try (Mesh.App app = Mesh.App.echo(); Side client = new Side("a", a); Side server = new Side("b", b)) {
            InetAddress loopback = InetAddress.getLoopbackAddress();
            server.originals.put(server.dp.inboundAddress().getPort(), new InetSocketAddress(loopback, app.port()));
            client.originals.put(client.dp.outboundAddress().getPort(), new InetSocketAddress("127.0.0.1",
                    server.dp.inboundAddress().getPort()));
            client.mesh.set(new MeshSnapshot("2", MtlsPolicy.DEFAULT, Map.of(loopback, new MeshEndpoint(loopback, Mesh.id("b"),
                    "demo/b-0", new MtlsPolicy(PeerAuthenticationMode.STRICT, Map.of(), "demo/default"), b)), Map.of(),
                    dev.bollard.proxy.authz.Authorizer.NONE, a));
            // the server's snapshot lists the client pod at 127.0.0.1 too
            server.mesh.set(new MeshSnapshot("2", server.mesh.get().self(), Map.of(loopback, new MeshEndpoint(loopback, Mesh.id("a"),
                    "demo/a-0", MtlsPolicy.DEFAULT, a)), Map.of(), dev.bollard.proxy.authz.Authorizer.NONE, b));

            try (Socket s = Mesh.connect(client.dp.outboundAddress().getPort())) {
                assertArrayEquals("hello".getBytes(), Mesh.roundTrip(s, "hello".getBytes()));
            }

            String serverText = awaitClosed(server);
            assertTrue(serverText.contains("reporter=\"destination\",source_workload=\"a-v1\""), serverText);
            assertTrue(serverText.contains("source_principal=\"spiffe://cluster.local/ns/demo/sa/a\""), serverText);
            assertTrue(serverText.contains("destination_principal=\"spiffe://cluster.local/ns/demo/sa/b\""), serverText);
            assertTrue(serverText.contains("connection_security_policy=\"mutual_tls\"} 1\n"), serverText);
            String clientText = awaitClosed(client);
            assertTrue(clientText.contains("reporter=\"source\",source_workload=\"a-v1\""), clientText);
            assertTrue(clientText.contains("destination_workload=\"b-v1\""), clientText);
            assertTrue(clientText.contains("destination_service_name=\"PassthroughCluster\""), clientText);
            assertEquals(0, client.log.tracked());
            assertEquals(0, server.log.tracked());
        }
    }

    /** The connection's close reaches each side's log on its own event loop: wait for it there. */
    private static String awaitClosed(Side side) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            String text = side.scrape();
            if (text.contains("istio_tcp_connections_closed_total{") && side.log.tracked() == 0) {
                assertTrue(text.contains("istio_tcp_connections_opened_total{"), text);
                return text;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no closed connection counted:\n" + side.scrape());
    }
}
