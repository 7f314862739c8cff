package dev.bollard.webhook.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bollard.identity.AtomicFile;
import dev.bollard.identity.Keys;
import dev.bollard.identity.SpiffeId;
import dev.bollard.identity.TrustDomain;
import dev.bollard.webhook.ca.CertificateAuthority;
import dev.bollard.webhook.ca.IssuedCertificate;
import dev.bollard.webhook.ca.TestCas;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The feed over real TLS: the listener asks for client certificates without requiring them, the
 * feed takes only a certificate of the workload CA for the right identity, and a changed mesh file
 * reaches an open stream.
 */
@QuarkusTest
class MeshFeedResourceTest extends FeedServerTest {
    static final Path MESH_DIR = Path.of("target", "test-mesh");
    static final Path FILE = MESH_DIR.resolve("feed-test.yaml");
    static final TrustDomain TD = TrustDomain.parse("cluster.local");
    static final ObjectMapper JSON = new ObjectMapper();
    static final String A_QUERY = "?pod=a-0&namespace=demo&ip=10.250.0.2";

    @BeforeEach
    void writeMesh() throws Exception {
        writeMeshFile("STRICT", "");
    }

    @AfterEach
    void removeMesh() throws Exception {
        Files.deleteIfExists(FILE);
    }

    @Test
    void clientsWithoutCertificateStillReachHealthAndAdmission() throws Exception {
        FeedClient anonymous = FeedClient.anonymous();
        int health = anonymous.get(base, "/q/health/live").statusCode();
        assertEquals(200, health);
        var inject = anonymous.postJson(base, "/inject",
                Files.readString(Path.of("src/test/resources/admission/inject-enabled-request.json")));
        assertEquals(200, inject.statusCode(), inject.body());
        assertTrue(JSON.readTree(inject.body()).path("response").path("allowed").asBoolean(), inject.body());
    }

    @Test
    void refusesAFeedWithoutCertificate() throws Exception {
        var response = FeedClient.anonymous().get(base, MeshFeedResource.PATH + A_QUERY);
        assertEquals(401, response.statusCode(), response.body());
        assertEquals("unauthenticated", JSON.readTree(response.body()).path("error").asText());
        assertTrue(response.body().contains("no client certificate"), response.body());
    }

    @Test
    void refusesASelfSignedCertificate() throws Exception {
        KeyPair key = Keys.newP256();
        X509CertificateHolder self = selfSignedClaiming(SpiffeId.parse("spiffe://cluster.local/ns/demo/sa/a"), key);
        var response = FeedClient.withCertificate(key.getPrivate(), List.of(x509(self))).get(base, MeshFeedResource.PATH + A_QUERY);
        assertEquals(401, response.statusCode(), response.body());
        assertTrue(response.body().contains("is not issued by the workload CA"), response.body());
    }

    @Test
    void refusesACertificateOfAnotherCa() throws Exception {
        CertificateAuthority foreign = new CertificateAuthority(() -> TestCas.selfSigned(Duration.ofDays(1)), Clock.systemUTC(),
                Duration.ofHours(1), Duration.ofHours(2));
        var response = client(foreign, "demo", "a").get(base, MeshFeedResource.PATH + A_QUERY);
        assertEquals(401, response.statusCode(), response.body());
    }

    @Test
    void refusesAnotherNamespacesIdentity() throws Exception {
        var response = client(ca, "other", "a").get(base, MeshFeedResource.PATH + A_QUERY);
        assertEquals(403, response.statusCode(), response.body());
        assertTrue(response.body().contains("may not read the feed of namespace demo"), response.body());
    }

    @Test
    void refusesAnotherServiceAccountForAKnownPod() throws Exception {
        var response = client(ca, "demo", "b").get(base, MeshFeedResource.PATH + A_QUERY);
        assertEquals(403, response.statusCode(), response.body());
        assertTrue(response.body().contains("is not pod demo/a-0, which runs as service account a"), response.body());
    }

    @Test
    void refusesMissingParameters() throws Exception {
        var response = client(ca, "demo", "a").get(base, MeshFeedResource.PATH + "?namespace=demo");
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.body().contains("'pod' is required"), response.body());
    }

    @Test
    void streamsTheSnapshotThenChangesThenHeartbeats() throws Exception {
        try (FeedClient.Stream stream = client(ca, "demo", "a").open(base, A_QUERY)) {
            assertEquals(200, stream.response.statusCode());
            assertTrue(stream.response.headers().firstValue("content-type").orElse("").startsWith(MeshFeedResource.NDJSON));
            JsonNode first = JSON.readTree(stream.nextSnapshot(Duration.ofSeconds(5)));
            assertEquals("snapshot", first.path("type").asText());
            assertEquals("cluster.local", first.path("trustDomain").asText());
            assertEquals("spiffe://cluster.local/ns/demo/sa/a", first.path("workload").path("identity").asText());
            assertEquals("STRICT", first.path("peerAuthentication").path("mode").asText());
            assertEquals("demo/default", first.path("peerAuthentication").path("policy").asText());
            assertEquals(List.of("10.250.0.2", "10.250.0.3", "10.250.0.10"), ips(first));
            assertEquals("spiffe://cluster.local/ns/demo/sa/b", first.path("endpoints").get(1).path("identity").asText());

            Instant changed = Instant.now();
            writeMeshFile("PERMISSIVE", "");
            String line = stream.nextSnapshot(Duration.ofSeconds(2));
            assertNotNull(line, "no new snapshot within 2 s of the change");
            JsonNode second = JSON.readTree(line);
            assertEquals("PERMISSIVE", second.path("peerAuthentication").path("mode").asText());
            assertNotEquals(first.path("version").asText(), second.path("version").asText());
            assertTrue(Duration.between(changed, Instant.now()).toMillis() < 2000);

            // a pod outside the mesh changes the model but not this proxy's view: heartbeats only
            writeMeshFile("PERMISSIVE", """
                    ---
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: plain-0, namespace: demo}
                    status: {podIP: 10.250.0.99}
                    """);
            assertNull(stream.nextSnapshot(Duration.ofMillis(1500)));
            assertEquals(FeedLines.HEARTBEAT, stream.next(Duration.ofSeconds(3)));
        }
    }

    @Test
    void aFeedTheProxyClosesLeavesTheModel() throws Exception {
        int before = model.listenerCount();
        try (FeedClient.Stream stream = client(ca, "demo", "a").open(base, A_QUERY)) {
            assertNotNull(stream.nextSnapshot(Duration.ofSeconds(5)));
            assertEquals(before + 1, model.listenerCount());
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (model.listenerCount() > before && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(before, model.listenerCount(), "the closed stream still listens to the model");
    }

    @Test
    void sendsNullWorkloadForAnUnknownPodOfTheNamespace() throws Exception {
        try (FeedClient.Stream stream = client(ca, "demo", "a").open(base, "?pod=a-new&namespace=demo")) {
            assertEquals(200, stream.response.statusCode());
            JsonNode first = JSON.readTree(stream.nextSnapshot(Duration.ofSeconds(5)));
            assertTrue(first.has("workload") && first.get("workload").isNull(), first.toString());
            assertEquals("STRICT", first.path("peerAuthentication").path("mode").asText());
        }
    }

    @Test
    void aBrokenFileKeepsItsLastGoodContent() throws Exception {
        try (FeedClient.Stream stream = client(ca, "demo", "a").open(base, A_QUERY)) {
            JsonNode first = JSON.readTree(stream.nextSnapshot(Duration.ofSeconds(5)));
            assertEquals("STRICT", first.path("peerAuthentication").path("mode").asText());
            Files.writeString(FILE, "kind: Pod\nmetadata: {name: [broken\n");
            assertNull(stream.nextSnapshot(Duration.ofMillis(1500)), "a broken file must not change the view");
        }
    }

    private void writeMeshFile(String namespaceMode, String extra) throws Exception {
        Files.createDirectories(MESH_DIR);
        AtomicFile.write(FILE, """
                apiVersion: v1
                kind: Pod
                metadata: {name: a-0, namespace: demo, labels: {app: a, security.istio.io/tlsMode: istio}}
                spec: {serviceAccountName: a}
                status: {podIP: 10.250.0.2}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: b-0, namespace: demo, labels: {app: b, security.istio.io/tlsMode: istio}}
                spec: {serviceAccountName: b}
                status: {podIPs: [{ip: 10.250.0.10}, {ip: 10.250.0.3}]}
                ---
                apiVersion: security.istio.io/v1
                kind: PeerAuthentication
                metadata: {name: default, namespace: demo}
                spec: {mtls: {mode: %s}}
                """.formatted(namespaceMode) + extra, AtomicFile.WORLD_READABLE);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            var state = model.current();
            if (state.isPresent() && state.get().policies().stream()
                    .anyMatch(p -> p.ref().equals("demo/default") && p.mode().name().equals(namespaceMode))
                    && state.get().pods().size() == (extra.isEmpty() ? 2 : 3)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the mesh model did not pick up " + FILE);
    }

    private static List<String> ips(JsonNode snapshot) {
        List<String> ips = new ArrayList<>();
        snapshot.path("endpoints").forEach(e -> ips.add(e.path("ip").asText()));
        return ips;
    }

    private static FeedClient client(CertificateAuthority issuer, String namespace, String serviceAccount) throws Exception {
        KeyPair key = Keys.newP256();
        IssuedCertificate issued = issuer.sign(key.getPublic(), SpiffeId.forServiceAccount(TD, namespace, serviceAccount),
                Duration.ofHours(1));
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(x509(issued.leaf()));
        for (X509CertificateHolder intermediate : issued.intermediates()) {
            chain.add(x509(intermediate));
        }
        return FeedClient.withCertificate(key.getPrivate(), chain);
    }

    /**
     * An imposter's certificate: the identity of pod a, signed by its own key, and fit for TLS
     * client auth (digitalSignature), so the handshake succeeds and the feed must refuse it. A CA
     * certificate (keyCertSign only) would not get that far on BoringSSL, which refuses a peer
     * whose key usage forbids signing with an illegal_parameter alert (the JDK lets it through).
     */
    private static X509CertificateHolder selfSignedClaiming(SpiffeId id, KeyPair key) throws Exception {
        X500Name name = new X500Name("CN=spiffe imposter");
        return new JcaX509v3CertificateBuilder(name, BigInteger.ONE, Date.from(Instant.now().minusSeconds(60)),
                Date.from(Instant.now().plusSeconds(3600)), name, key.getPublic())
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                .addExtension(Extension.subjectAlternativeName, true,
                        new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, id.toString())))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()));
    }

    private static X509Certificate x509(X509CertificateHolder holder) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(holder);
    }
}
