package dev.bollard.webhook.upkeep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import dev.bollard.webhook.ops.RenderedManifests;
import dev.bollard.webhook.ops.FakeCa;
import dev.bollard.webhook.ops.FakeCaProfile;
import dev.bollard.webhook.ops.OpsConfig;

/**
 * The patcher against the fabric8 mock API server (CRUD mode) and the shipped webhook
 * configurations: caBundle written into every webhook of both, refreshed when the CA rotates,
 * repaired when someone blanks it, and nothing else touched.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestProfile(FakeCaProfile.class)
class CaBundlePatcherTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @Inject
    KubernetesClient client;

    @Inject
    FakeCa ca;

    @KubernetesTestServer
    KubernetesServer server;

    @AfterEach
    void cleanUp() {
        client.admissionRegistration().v1().mutatingWebhookConfigurations().withName(OpsConfig.INJECTOR_CONFIGURATION).delete();
        client.admissionRegistration().v1().validatingWebhookConfigurations().withName(OpsConfig.VALIDATOR_CONFIGURATION).delete();
    }

    @Test
    void writesTheCaRootIntoEveryWebhookOfBothConfigurationsCreatedAfterStart() {
        MutatingWebhookConfiguration shipped = shippedInjector();
        client.resource(shipped).create();
        client.resource(shippedValidator()).create();

        String expected = CaBundlePatch.encode(ca.rootPem());
        await(() -> bundles().stream().allMatch(expected::equals), "caBundle written everywhere");
        assertEquals(8, bundles().size(), "four injector entries and four validator entries");
    }

    @Test
    void touchesNothingButCaBundle() {
        MutatingWebhookConfiguration shipped = shippedInjector();
        client.resource(shipped).create();
        String expected = CaBundlePatch.encode(ca.rootPem());
        await(() -> injector().getWebhooks().stream().allMatch(w -> expected.equals(w.getClientConfig().getCaBundle())),
                "injector patched");

        MutatingWebhookConfiguration patched = injector();
        patched.getWebhooks().forEach(w -> w.getClientConfig().setCaBundle(null));
        assertEquals(shipped.getWebhooks(), patched.getWebhooks());
        assertEquals(shipped.getMetadata().getLabels(), patched.getMetadata().getLabels());
    }

    @Test
    void refreshesCaBundleWhenTheCaRotates() {
        client.resource(shippedInjector()).create();
        client.resource(shippedValidator()).create();
        String before = CaBundlePatch.encode(ca.rootPem());
        await(() -> bundles().stream().allMatch(before::equals), "first root written");

        ca.rotate();
        String after = CaBundlePatch.encode(ca.rootPem());
        assertNotEquals(before, after);
        await(() -> bundles().stream().allMatch(after::equals), "rotated root written");
    }

    @Test
    void repairsACaBundleThatWasBlankedByAnApply() {
        client.resource(shippedInjector()).create();
        String expected = CaBundlePatch.encode(ca.rootPem());
        await(() -> injector().getWebhooks().stream().allMatch(w -> expected.equals(w.getClientConfig().getCaBundle())),
                "injector patched");

        // what `kubectl apply -k manifests/` does: the shipped object has no caBundle
        MutatingWebhookConfiguration blanked = injector();
        blanked.getWebhooks().forEach(w -> w.getClientConfig().setCaBundle(null));
        client.resource(blanked).update();
        await(() -> injector().getWebhooks().stream().allMatch(w -> expected.equals(w.getClientConfig().getCaBundle())),
                "caBundle repaired");
    }

    /** RBAC restricts list/watch by resourceNames, which only works with a metadata.name field selector. */
    @Test
    void listsAndWatchesOnlyByNameAndPatchesOnlyByName() throws Exception {
        client.resource(shippedInjector()).create();
        String expected = CaBundlePatch.encode(ca.rootPem());
        await(() -> injector().getWebhooks().stream().allMatch(w -> expected.equals(w.getClientConfig().getCaBundle())),
                "injector patched");

        List<String> seen = new java.util.ArrayList<>();
        RecordedRequest request;
        while ((request = server.getKubernetesMockServer().takeRequest(200, TimeUnit.MILLISECONDS)) != null) {
            String path = request.getPath();
            if (!path.contains("webhookconfigurations")) {
                continue;
            }
            seen.add(request.getMethod() + " " + path);
            String resource = path.replaceFirst("\\?.*", "");
            if ("GET".equals(request.getMethod()) && resource.endsWith("webhookconfigurations")) {
                String name = resource.endsWith("/mutatingwebhookconfigurations") ? OpsConfig.INJECTOR_CONFIGURATION
                        : OpsConfig.VALIDATOR_CONFIGURATION;
                assertTrue(path.contains("fieldSelector=metadata.name%3D" + name), "unrestricted list/watch: " + path);
            }
            if ("PATCH".equals(request.getMethod())) {
                assertTrue(resource.endsWith("/" + OpsConfig.INJECTOR_CONFIGURATION)
                        || resource.endsWith("/" + OpsConfig.VALIDATOR_CONFIGURATION), path);
            }
        }
        assertTrue(seen.stream().anyMatch(s -> s.startsWith("PATCH ")), "no patch seen: " + seen);
        assertTrue(seen.stream().anyMatch(s -> s.contains("watch=true")), "no watch seen: " + seen);
    }

    private List<String> bundles() {
        List<String> out = new java.util.ArrayList<>();
        MutatingWebhookConfiguration m = injector();
        if (m != null) {
            m.getWebhooks().forEach(w -> out.add(w.getClientConfig().getCaBundle()));
        }
        ValidatingWebhookConfiguration v = client.admissionRegistration().v1().validatingWebhookConfigurations()
                .withName(OpsConfig.VALIDATOR_CONFIGURATION).get();
        if (v != null) {
            v.getWebhooks().stream().map(ValidatingWebhook::getClientConfig).forEach(c -> out.add(c.getCaBundle()));
        }
        return out;
    }

    private MutatingWebhookConfiguration injector() {
        return client.admissionRegistration().v1().mutatingWebhookConfigurations()
                .withName(OpsConfig.INJECTOR_CONFIGURATION).get();
    }

    private static MutatingWebhookConfiguration shippedInjector() {
        MutatingWebhookConfiguration m = RenderedManifests.render().one(MutatingWebhookConfiguration.class,
                OpsConfig.INJECTOR_CONFIGURATION);
        assertTrue(m.getWebhooks().stream().map(MutatingWebhook::getClientConfig).allMatch(c -> c.getCaBundle() == null));
        return m;
    }

    private static ValidatingWebhookConfiguration shippedValidator() {
        return RenderedManifests.render().one(ValidatingWebhookConfiguration.class, OpsConfig.VALIDATOR_CONFIGURATION);
    }

    private static void await(Supplier<Boolean> condition, String what) {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            if (condition.get()) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
        throw new AssertionError("timed out after " + WAIT + " waiting for: " + what);
    }
}
