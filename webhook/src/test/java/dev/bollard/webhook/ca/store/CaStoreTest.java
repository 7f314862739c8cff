package dev.bollard.webhook.ca.store;

import static dev.bollard.webhook.ca.Refusals.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.bollard.identity.Keys;
import dev.bollard.identity.Pem;
import dev.bollard.identity.SpiffeId;
import dev.bollard.webhook.ca.CaBundle;
import dev.bollard.webhook.ca.CaRefusedException;
import dev.bollard.webhook.ca.CertificateAuthority;
import dev.bollard.webhook.ca.Csrs;
import dev.bollard.webhook.ca.HungApiServer;
import dev.bollard.webhook.ca.IssuedCertificate;
import dev.bollard.webhook.ca.OpenSsl;
import dev.bollard.webhook.ca.Refusal;
import dev.bollard.webhook.ca.TestCaConfig;
import dev.bollard.webhook.ca.TestCas;
import dev.bollard.webhook.tls.DevCertificates;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;

@EnableKubernetesMockClient(crud = true)
class CaStoreTest {
    private static final SpiffeId ID = SpiffeId.parse("spiffe://cluster.local/ns/default/sa/web");

    KubernetesClient client;

    @TempDir
    Path dir;

    private Secret stored() {
        return client.secrets().inNamespace("bollard-system").withName("bollard-ca").get();
    }

    @Test
    void createsAP256RootInTheSecretOnFirstStartAndReusesIt() {
        CaBundle first = new CaStore(client, TestCaConfig.secret(dir)).current();
        CaBundle second = new CaStore(client, TestCaConfig.secret(dir)).current();

        assertEquals(first.root(), second.root());
        assertTrue(first.isSelfSigned());
        assertEquals("EC", first.key().getAlgorithm());
        assertEquals(CaSecret.TYPE, stored().getType());
        assertEquals(List.of(CaFiles.CA_CERT, CaFiles.CA_KEY), List.copyOf(stored().getData().keySet()));
    }

    @Test
    void twoReplicasStartingTogetherConvergeOnOneRoot() throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<CaBundle>> replicas = List.of(1, 2, 3, 4).stream()
                .map(i -> CompletableFuture.supplyAsync(() -> {
                    awaitQuietly(start);
                    return new CaStore(client, TestCaConfig.secret(dir)).current();
                })).toList();
        start.countDown();
        X509CertificateHolder root = replicas.get(0).get().root();
        for (CompletableFuture<CaBundle> replica : replicas) {
            assertEquals(root, replica.get().root());
        }
        assertEquals(root, CaSecret.decode(stored()).root());
    }

    @Test
    void aReplicaThatLosesTheCreateRaceUsesTheWinnersRoot() {
        CaBundle[] winner = new CaBundle[1];
        CaBundle loser = CaSecret.loadOrCreate(client, "bollard-system", "bollard-ca", () -> {
            // the other replica creates the Secret between this replica's get and create
            winner[0] = new CaStore(client, TestCaConfig.secret(dir)).current();
            return TestCas.selfSigned(Duration.ofDays(1));
        });
        assertEquals(winner[0].root(), loser.root());
    }

    @Test
    void refusesASecretWithoutTheCaKeys() {
        client.secrets().inNamespace("bollard-system").resource(new SecretBuilder().withNewMetadata()
                .withName("bollard-ca").withNamespace("bollard-system").endMetadata()
                .withData(Map.of("unrelated", "eA==")).build()).create();
        assertRefused(Refusal.UNAVAILABLE, "lacks ca-cert.pem", () -> new CaStore(client, TestCaConfig.secret(dir)).current());
    }

    @Test
    void aRestartReusesTheStoredRootAndKey() {
        CaBundle beforeRestart = new CaStore(client, TestCaConfig.secret(dir)).current();
        String storedBefore = stored().getData().toString();
        CaBundle afterRestart = new CaStore(client, TestCaConfig.secret(dir)).current();

        assertEquals(beforeRestart.root(), afterRestart.root());
        assertEquals(beforeRestart.key(), afterRestart.key());
        assertEquals(storedBefore, stored().getData().toString(), "the Secret is not rewritten");
    }

    @Test
    void aCorruptStoredCaIsReportedAndNeverReplaced() {
        Map<String, String> corrupt = Map.of(CaFiles.CA_CERT, base64("-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----\n"),
                CaFiles.CA_KEY, base64(Pem.encode(Keys.newP256().getPrivate())));
        client.secrets().inNamespace("bollard-system").resource(new SecretBuilder().withNewMetadata()
                .withName("bollard-ca").withNamespace("bollard-system").endMetadata().withData(corrupt).build()).create();
        CaStore store = new CaStore(client, TestCaConfig.secret(dir));

        CaRefusedException e = assertRefused(Refusal.UNAVAILABLE, "CA Secret bollard-system/bollard-ca is corrupt", store::current);
        assertTrue(e.getMessage().contains("it is not replaced"), e.getMessage());
        assertRefused(Refusal.UNAVAILABLE, "is corrupt", store::current);
        assertEquals(corrupt, stored().getData(), "the stored CA is left for the operator");
        assertTrue(store.loaded().isEmpty());
    }

    @Test
    void aCorruptStoredCaIsNamedWithoutQuotingItsKey() {
        String keyPem = Pem.encode(Keys.newP256().getPrivate());
        String keyBody = keyPem.lines().filter(line -> !line.startsWith("-----")).findFirst().orElseThrow();
        // a key where the certificate belongs: the message must say so without echoing it
        client.secrets().inNamespace("bollard-system").resource(new SecretBuilder().withNewMetadata()
                .withName("bollard-ca").withNamespace("bollard-system").endMetadata()
                .withData(Map.of(CaFiles.CA_CERT, base64(keyPem), CaFiles.CA_KEY, base64(keyPem))).build()).create();

        CaRefusedException e = assertRefused(Refusal.UNAVAILABLE, "is corrupt", () -> new CaStore(client, TestCaConfig.secret(dir)).current());
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains(keyBody), "message quotes the key: " + t.getMessage());
            assertFalse(String.valueOf(t.getMessage()).contains(base64(keyPem)), t.getMessage());
        }
    }

    @Test
    void anUnreachableApiServerIsNamedInWordsNotAsAClientException() {
        KubernetesClient nowhere = new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(
                new io.fabric8.kubernetes.client.ConfigBuilder().withMasterUrl("https://127.0.0.1:1").withRequestRetryBackoffLimit(0)
                        .build()).build();
        CaRefusedException e = assertRefused(Refusal.UNAVAILABLE, "the API server is unreachable (reading Secret bollard-system/bollard-ca)",
                () -> new CaStore(nowhere, TestCaConfig.secret(dir)).current());
        assertFalse(e.getMessage().contains("io.fabric8"), e.getMessage());
    }

    @Test
    void aCallerDoesNotWaitLongBehindALoadStuckOnAHungApiServer() throws Exception {
        try (HungApiServer hung = new HungApiServer()) {
            KubernetesClient toHung = new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(
                    new io.fabric8.kubernetes.client.ConfigBuilder().withMasterUrl("http://127.0.0.1:" + hung.port())
                            .withRequestRetryBackoffLimit(0).withRequestTimeout(8_000).build()).build();
            CaStore store = new CaStore(toHung, TestCaConfig.secret(dir));
            CompletableFuture<Void> stuck = CompletableFuture.runAsync(() -> {
                try {
                    store.current();
                } catch (CaRefusedException e) {
                    // the hung GET times out eventually
                }
            });
            Thread.sleep(300);

            long start = System.nanoTime();
            assertRefused(Refusal.UNAVAILABLE, "still loading", store::current);
            long millis = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(millis < 2000, "waited " + millis + " ms");
            stuck.cancel(true);
            toHung.close();
        }
    }

    private static String base64(String text) {
        return java.util.Base64.getEncoder().encodeToString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void pluginCaIsPreferredAndIssuesWithTheFullChain() throws Exception {
        TestCas.Plugin plugin = TestCas.plugin(Duration.ofDays(5));
        writePlugin(plugin.bundle(), Pem.encode(plugin.bundle().key()));

        CaBundle loaded = new CaStore(client, TestCaConfig.secret(dir)).current();
        assertNull(stored(), "a plug-in CA needs no Secret");
        assertEquals(plugin.bundle().certificate(), loaded.certificate());
        assertEquals(List.of(), loaded.intermediates(), "ca-cert and root repeated in cert-chain.pem are dropped");

        IssuedCertificate issued = new CertificateAuthority(() -> loaded, Clock.systemUTC(), Duration.ofHours(24), Duration.ofDays(90))
                .sign(Csrs.ec("secp256r1").getPublic(), ID, Duration.ofHours(1));
        assertEquals(List.of(Pem.encode(issued.leaf()), Pem.encode(plugin.bundle().certificate())), issued.chainPems());
        OpenSsl.Result verify = OpenSsl.verify(issued.rootPem(), issued.chainPems());
        assertEquals(0, verify.exitCode(), verify.output());
    }

    @Test
    void aRotatedPluginCaIsPickedUpWithoutARestart() throws Exception {
        TestCas.Plugin first = TestCas.plugin(Duration.ofDays(5));
        writePlugin(first.bundle(), Pem.encode(first.bundle().key()));
        CaStore store = new CaStore(client, TestCaConfig.secret(dir));
        assertEquals(first.bundle().certificate(), store.current().certificate());

        TestCas.Plugin second = TestCas.plugin(Duration.ofDays(5));
        writePlugin(second.bundle(), Pem.encode(second.bundle().key()));
        store.reloadIfPluginChanged();
        assertEquals(second.bundle().certificate(), store.current().certificate());
    }

    @Test
    void aBrokenPluginUpdateKeepsTheCurrentCa() throws Exception {
        TestCas.Plugin first = TestCas.plugin(Duration.ofDays(5));
        writePlugin(first.bundle(), Pem.encode(first.bundle().key()));
        CaStore store = new CaStore(client, TestCaConfig.secret(dir));
        store.current();
        writePlugin(TestCas.plugin(Duration.ofDays(5)).bundle(), Pem.encode(Keys.newP256().getPrivate()));
        store.reloadIfPluginChanged();
        assertEquals(first.bundle().certificate(), store.current().certificate());
    }

    @Test
    void refusesAPluginCaWhoseKeyDoesNotMatch() throws Exception {
        writePlugin(TestCas.plugin(Duration.ofDays(5)).bundle(), Pem.encode(Keys.newP256().getPrivate()));
        assertRefused(Refusal.UNAVAILABLE, "CA key does not match the CA certificate",
                () -> new CaStore(client, TestCaConfig.secret(dir)).current());
    }

    @Test
    void filesStoreCreatesTheDevRootOnceWithAPrivateKeyFile() throws Exception {
        CaBundle first = new CaStore(client, TestCaConfig.files(dir)).current();
        CaBundle second = new CaStore(client, TestCaConfig.files(dir)).current();
        assertEquals(first.root(), second.root());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(CaFiles.DEV_ROOT_KEY))));
        assertNull(stored());
    }

    @Test
    void filesStoreUsesTheRootThatDevCertificatesMade() {
        DevCertificates.ensure(dir, List.of("localhost"));
        CaBundle loaded = new CaStore(client, TestCaConfig.files(dir)).current();
        assertEquals(Pem.certificateHolder(read(dir.resolve(DevCertificates.ROOT_CERT)), "certificate"), loaded.root());
        assertNotNull(loaded.key());
    }

    private void writePlugin(CaBundle bundle, String keyPem) throws Exception {
        Files.writeString(dir.resolve(CaFiles.CA_CERT), Pem.encode(bundle.certificate()));
        Files.writeString(dir.resolve(CaFiles.CA_KEY), keyPem);
        Files.writeString(dir.resolve(CaFiles.ROOT_CERT), Pem.encode(bundle.root()));
        // Istio's samples: cert-chain.pem = ca-cert.pem + root-cert.pem
        Files.writeString(dir.resolve(CaFiles.CERT_CHAIN), Pem.encode(bundle.certificate()) + Pem.encode(bundle.root()));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
