package dev.bollard.proxy.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import dev.bollard.identity.Keys;
import dev.bollard.identity.TestPki;
import dev.bollard.proxy.cert.Credentials;
import dev.bollard.proxy.cert.TestClock;
import dev.bollard.proxy.state.MeshSnapshot;
import dev.bollard.proxy.state.MtlsPolicy;

class ReadinessTest {
    final TestPki.Ca root = TestPki.root("root");
    final AtomicReference<MeshSnapshot> mesh = new AtomicReference<>(MeshSnapshot.EMPTY);
    final TestClock clock = new TestClock(Instant.now());
    final Readiness readiness = new Readiness(mesh, clock);

    private Credentials credentials(Duration lifetime) {
        KeyPair key = Keys.newP256();
        return new Credentials(key.getPrivate(), List.of(TestPki.leaf(key.getPublic(), root, lifetime,
                "spiffe://cluster.local/ns/demo/sa/a")), root.certificate());
    }

    @Test
    void namesTheFirstMissingStep() {
        assertEquals(Optional.of("no workload certificate yet"), readiness.problem());

        readiness.installed(credentials(Duration.ofHours(1)));
        assertEquals(Optional.of("no configuration from the control plane yet"), readiness.problem());

        mesh.set(new MeshSnapshot("1", MtlsPolicy.DEFAULT, Map.of()));
        assertEquals(Optional.of("data plane listeners not started yet"), readiness.problem());

        readiness.listening();
        assertEquals(Optional.empty(), readiness.problem());
    }

    @Test
    void anExpiredCertificateIsNotReady() {
        readiness.installed(credentials(Duration.ofMinutes(5)));
        mesh.set(new MeshSnapshot("1", MtlsPolicy.DEFAULT, Map.of()));
        readiness.listening();

        clock.advance(Duration.ofMinutes(6));

        assertTrue(readiness.problem().orElseThrow().contains("is not valid now"), readiness.problem().toString());
    }

    @Test
    void theEndpointAnswersFromMemoryAtOnce() throws Exception {
        try (ReadinessServer server = ReadinessServer.start(new InetSocketAddress("127.0.0.1", 0), readiness::problem)) {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + ReadinessServer.READY_PATH)).build();

            HttpResponse<String> before = http.send(ready, HttpResponse.BodyHandlers.ofString());
            readiness.installed(credentials(Duration.ofHours(1)));
            mesh.set(new MeshSnapshot("1", MtlsPolicy.DEFAULT, Map.of()));
            readiness.listening();
            HttpResponse<String> after = http.send(ready, HttpResponse.BodyHandlers.ofString());

            assertEquals(503, before.statusCode());
            assertEquals("not ready: no workload certificate yet\n", before.body());
            assertEquals(200, after.statusCode());
        }
    }
}
