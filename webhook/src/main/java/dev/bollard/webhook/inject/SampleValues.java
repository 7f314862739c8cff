package dev.bollard.webhook.inject;

import dev.bollard.identity.TrustDomain;
import io.fabric8.kubernetes.api.model.PodBuilder;

/** A plain pod's values, rendered once at start to prove the template works before traffic arrives. */
final class SampleValues {
    private SampleValues() {
    }

    static InjectionValues of(MeshValues values) {
        return InjectionValues.of(new PodBuilder().withNewMetadata().withName("template-check").endMetadata()
                .withNewSpec().addNewContainer().withName("app").addNewPort().withContainerPort(8080).endPort()
                .endContainer().endSpec().build(), "default", values, TrustDomain.parse("cluster.local"));
    }
}
