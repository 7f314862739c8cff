package dev.bollard.webhook.inject;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;

/** Small pods for unit tests; the real-world shapes live in the YAML fixtures of e2e/. */
final class Pods {
    static final dev.bollard.identity.TrustDomain TRUST_DOMAIN = dev.bollard.identity.TrustDomain.parse("cluster.local");

    private Pods() {
    }

    static PodBuilder web() {
        return new PodBuilder().withNewMetadata().withName("web").withNamespace("shop").endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("nginx")
                .addNewPort().withContainerPort(8080).endPort().endContainer().endSpec();
    }

    static Pod withAnnotation(String key, String value) {
        return web().editMetadata().addToAnnotations(key, value).endMetadata().build();
    }

    static MeshValues values() {
        return MeshValues.parse(SidecarSources.values(java.util.Optional.empty()));
    }
}
