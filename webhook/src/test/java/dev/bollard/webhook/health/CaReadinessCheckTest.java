package dev.bollard.webhook.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.bollard.webhook.ca.TestCaConfig;
import dev.bollard.webhook.ca.store.CaStore;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;

@EnableKubernetesMockClient(crud = true)
class CaReadinessCheckTest {
    KubernetesClient client;

    @TempDir
    Path dir;

    @Test
    void aCorruptStoredCaIsDownWithTheReason() {
        client.secrets().inNamespace("bollard-system").resource(new SecretBuilder().withNewMetadata()
                .withName("bollard-ca").withNamespace("bollard-system").endMetadata()
                .withData(Map.of("ca-cert.pem", "bm90IGEgY2VydA==", "ca-key.pem", "bm90IGEga2V5")).build()).create();
        HealthCheckResponse response = new CaReadinessCheck(new CaStore(client, TestCaConfig.secret(dir)), Clock.systemUTC()).call();

        assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
        String reason = String.valueOf(response.getData().orElseThrow().get("reason"));
        assertTrue(reason.contains("CA Secret bollard-system/bollard-ca is corrupt"), reason);
    }

    @Test
    void aStoredCaIsUpWithItsExpiry() {
        HealthCheckResponse response = new CaReadinessCheck(new CaStore(client, TestCaConfig.secret(dir)), Clock.systemUTC()).call();
        assertEquals(HealthCheckResponse.Status.UP, response.getStatus());
        assertTrue(response.getData().orElseThrow().containsKey("expires"));
    }
}
