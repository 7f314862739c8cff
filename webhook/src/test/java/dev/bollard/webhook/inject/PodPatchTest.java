package dev.bollard.webhook.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;

class PodPatchTest {

    @Test
    void equalPodsGiveAnEmptyPatch() {
        Pod pod = Pods.web().build();
        assertEquals("[]", PodPatch.between(pod, new PodBuilder(pod).build()));
    }

    @Test
    void anAbsentAnnotationsMapIsAddedWhole() {
        Pod before = Pods.web().build();
        Pod after = new PodBuilder(before).editMetadata().addToAnnotations("a/b", "1").endMetadata().build();
        assertEquals("[{\"op\":\"add\",\"path\":\"/metadata/annotations\",\"value\":{\"a/b\":\"1\"}}]", PodPatch.between(before, after));
    }

    @Test
    void escapesSlashAndTildeInKeys() {
        Pod before = Pods.withAnnotation("x", "1");
        Pod after = new PodBuilder(before).editMetadata().addToAnnotations("example.com/owner~team", "2").endMetadata().build();
        assertTrue(PodPatch.between(before, after).contains("\"/metadata/annotations/example.com~1owner~0team\""));
    }

    @Test
    void prependingAnInitContainerAddsAtIndexZero() {
        Pod before = Pods.web().editSpec().addNewInitContainer().withName("migrate").endInitContainer().endSpec().build();
        Pod after = new PodBuilder(before).editSpec().withInitContainers(
                new io.fabric8.kubernetes.api.model.ContainerBuilder().withName("istio-init").build(),
                before.getSpec().getInitContainers().get(0)).endSpec().build();
        assertEquals("[{\"op\":\"add\",\"path\":\"/spec/initContainers/0\",\"value\":{\"name\":\"istio-init\"}}]",
                PodPatch.between(before, after));
    }
}
