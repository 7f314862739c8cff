package dev.bollard.webhook.ca.roots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;

import dev.bollard.identity.Pem;
import dev.bollard.webhook.ca.TestCaConfig;
import dev.bollard.webhook.ca.store.CaStore;

@EnableKubernetesMockClient(crud = true)
class RootCertDistributorTest {
    KubernetesClient client;

    @TempDir
    Path dir;

    private RootCertDistributor distributor;
    private String rootPem;

    @BeforeEach
    void startDistributor() {
        namespace("mesh", true);
        namespace("plain", false);
        CaStore store = new CaStore(client, TestCaConfig.secret(dir));
        rootPem = Pem.encode(store.current().root());
        distributor = new RootCertDistributor(client, store, TestCaConfig.secret(dir));
        distributor.start();
    }

    @AfterEach
    void stopDistributor() {
        distributor.stop();
    }

    @Test
    void publishesTheRootInLabeledNamespaces() {
        assertEquals(Map.of(RootCertPublisher.ROOT_KEY, rootPem), eventually(() -> data("mesh")));
        assertEquals("true", client.configMaps().inNamespace("mesh").withName(RootCertPublisher.CONFIG_MAP).get()
                .getMetadata().getLabels().get(RootCertPublisher.ISTIO_CONFIG_LABEL));
    }

    @Test
    void publishesInUnlabeledNamespacesWherePodsCanOptIn() {
        assertEquals(Map.of(RootCertPublisher.ROOT_KEY, rootPem), eventually(() -> data("plain")));
    }

    @Test
    void skipsKubernetesOwnAndOptedOutNamespaces() {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("batch")
                .addToLabels(RootCertPublisher.INJECTION_LABEL, RootCertPublisher.INJECTION_DISABLED).endMetadata().build()).create();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("kube-system").endMetadata().build()).create();
        namespace("after", false);
        eventually(() -> data("after"));
        assertNull(data("batch"));
        assertNull(data("kube-system"));
    }

    @Test
    void publishesInANamespaceLabeledLater() {
        namespace("late", true);
        assertEquals(Map.of(RootCertPublisher.ROOT_KEY, rootPem), eventually(() -> data("late")));
    }

    @Test
    void repairsAnEditedConfigMap() {
        ConfigMap published = eventuallyConfigMap("mesh");
        published.setData(Map.of(RootCertPublisher.ROOT_KEY, "tampered"));
        client.configMaps().inNamespace("mesh").resource(published).update();
        assertEquals(Map.of(RootCertPublisher.ROOT_KEY, rootPem),
                eventually(() -> rootPem.equals(data("mesh").get(RootCertPublisher.ROOT_KEY)) ? data("mesh") : null));
    }

    @Test
    void recreatesADeletedConfigMap() {
        ConfigMap published = eventuallyConfigMap("mesh");
        client.configMaps().inNamespace("mesh").resource(published).delete();
        assertEquals(Map.of(RootCertPublisher.ROOT_KEY, rootPem), eventually(() -> data("mesh")));
    }

    private void namespace(String name, boolean labeled) {
        NamespaceBuilder namespace = new NamespaceBuilder().withNewMetadata().withName(name).endMetadata();
        if (labeled) {
            namespace.editMetadata().addToLabels(RootCertPublisher.INJECTION_LABEL, RootCertPublisher.INJECTION_ENABLED).endMetadata();
        }
        client.namespaces().resource(namespace.build()).create();
    }

    private Map<String, String> data(String namespace) {
        ConfigMap configMap = client.configMaps().inNamespace(namespace).withName(RootCertPublisher.CONFIG_MAP).get();
        return configMap == null ? null : configMap.getData();
    }

    private ConfigMap eventuallyConfigMap(String namespace) {
        eventually(() -> data(namespace));
        return client.configMaps().inNamespace(namespace).withName(RootCertPublisher.CONFIG_MAP).get();
    }

    private static <T> T eventually(Supplier<T> probe) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (Instant.now().isBefore(deadline)) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("condition not reached within 15 s");
    }
}
