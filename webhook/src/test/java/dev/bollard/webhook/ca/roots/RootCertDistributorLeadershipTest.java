package dev.bollard.webhook.ca.roots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;

import dev.bollard.identity.Pem;
import dev.bollard.webhook.ca.TestCaConfig;
import dev.bollard.webhook.ca.store.CaStore;
import dev.bollard.webhook.ops.Leadership;

/** Only the leader writes root ConfigMaps; a replica that takes over catches up from its caches. */
@EnableKubernetesMockClient(crud = true)
@Tag("slow") // waits out a real lease; `make test` runs it, `make check` does not
class RootCertDistributorLeadershipTest {
    private static final String NS = "bollard-system";

    KubernetesClient client;

    @TempDir
    Path dir;

    private RootCertDistributor follower;
    private Leadership leadership;

    @AfterEach
    void stop() {
        if (follower != null) {
            follower.stop();
        }
        if (leadership != null) {
            leadership.stop();
        }
    }

    @Test
    void aFollowerWritesNothingUntilItTakesTheLapsedLease() throws InterruptedException {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build()).create();
        ZonedDateTime now = ZonedDateTime.ofInstant(Instant.now(), ZoneOffset.UTC);
        // another replica leads and then stops renewing (crashes): its lease lapses after 4 s
        client.resource(new LeaseBuilder().withNewMetadata().withNamespace(NS).withName(Leadership.LEASE).endMetadata()
                .withNewSpec().withHolderIdentity("crashed-replica").withLeaseDurationSeconds(4).withAcquireTime(now)
                .withRenewTime(now).withLeaseTransitions(0).endSpec().build()).create();
        CaStore store = new CaStore(client, TestCaConfig.secret(dir));
        String rootPem = Pem.encode(store.current().root());
        leadership = Leadership.elected(client, NS, "bollard-b",
                new Leadership.Timings(Duration.ofSeconds(2), Duration.ofMillis(1500), Duration.ofMillis(250)));
        follower = new RootCertDistributor(client, store, TestCaConfig.secret(dir), leadership);
        follower.start();
        leadership.start();

        Thread.sleep(1500);
        assertNull(rootConfigMap("shop"), "a follower must not write");

        Instant deadline = Instant.now().plusSeconds(30);
        while (rootConfigMap("shop") == null && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        ConfigMap published = rootConfigMap("shop");
        assertEquals(Map.of(RootCertPublisher.ROOT_KEY, rootPem), published == null ? null : published.getData(),
                "the new leader publishes what it saw while following");
    }

    private ConfigMap rootConfigMap(String namespace) {
        return client.configMaps().inNamespace(namespace).withName(RootCertPublisher.CONFIG_MAP).get();
    }
}
