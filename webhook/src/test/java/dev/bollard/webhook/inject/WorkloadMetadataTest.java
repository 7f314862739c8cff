package dev.bollard.webhook.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Pod;

class WorkloadMetadataTest {
    private static final SidecarInjector INJECTOR = new SidecarInjector(SidecarTemplate.parse(SidecarSources.template(java.util.Optional.empty())));

    private static Pod inject(Pod pod) {
        return INJECTOR.inject(pod, InjectionValues.of(pod, "shop", Pods.values(), Pods.TRUST_DOMAIN), "test");
    }

    private static void assertCanonical(Pod pod, String name, String revision) {
        Map<String, String> labels = inject(pod).getMetadata().getLabels();
        assertEquals(name, labels.get("service.istio.io/canonical-name"));
        assertEquals(revision, labels.get("service.istio.io/canonical-revision"));
    }

    @Test
    void canonicalNameAndRevisionComeFromTheAppLabels() {
        Pod pod = Pods.web().editMetadata().addToLabels(Map.of("app", "cart", "version", "v2")).endMetadata().build();
        assertCanonical(pod, "cart", "v2");
    }

    @Test
    void kubernetesRecommendedLabelsWinOverAppAndVersion() {
        Pod pod = Pods.web().editMetadata().addToLabels(Map.of("app", "cart", "version", "v2",
                "app.kubernetes.io/name", "cart-service", "app.kubernetes.io/version", "2.1.0")).endMetadata().build();
        assertCanonical(pod, "cart-service", "2.1.0");
    }

    @Test
    void withoutLabelsTheDeploymentNameAndLatest() {
        Pod pod = Pods.web().editMetadata().withName(null).withGenerateName("checkout-7d9f8b6c5d-")
                .addToLabels("pod-template-hash", "7d9f8b6c5d")
                .addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet").withName("checkout-7d9f8b6c5d")
                .withController(true).withUid("1").endOwnerReference().endMetadata().build();
        assertCanonical(pod, "checkout", "latest");
    }

    @Test
    void thePodsOwnCanonicalLabelsAreKept() {
        Pod pod = Pods.web().editMetadata().addToLabels(Map.of("app", "cart",
                "service.istio.io/canonical-name", "shop-cart", "service.istio.io/canonical-revision", "blue")).endMetadata().build();
        assertCanonical(pod, "shop-cart", "blue");
    }

    @Test
    void annotatesTheRevisionAndTheContainerKubectlPicks() {
        Map<String, String> annotations = inject(Pods.web().build()).getMetadata().getAnnotations();
        assertEquals("default", annotations.get("istio.io/rev"));
        assertEquals("web", annotations.get("kubectl.kubernetes.io/default-container"));
        assertEquals("web", annotations.get("kubectl.kubernetes.io/default-logs-container"));
    }

    @Test
    void aContainerChosenByThePodStaysChosen() {
        Pod pod = Pods.web().editMetadata().addToAnnotations(Map.of("kubectl.kubernetes.io/default-container", "sidecar-logger",
                "kubectl.kubernetes.io/default-logs-container", "sidecar-logger")).endMetadata().build();
        Map<String, String> annotations = inject(pod).getMetadata().getAnnotations();
        assertEquals("sidecar-logger", annotations.get("kubectl.kubernetes.io/default-container"));
        assertEquals("sidecar-logger", annotations.get("kubectl.kubernetes.io/default-logs-container"));
    }
}
