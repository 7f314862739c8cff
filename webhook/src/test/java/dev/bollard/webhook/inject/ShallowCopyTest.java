package dev.bollard.webhook.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Lifecycle;
import io.fabric8.kubernetes.api.model.LifecycleBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;

class ShallowCopyTest {
    private final Container original = new ContainerBuilder().withName("app").withImage("shop:1")
            .addNewEnv().withName("MODE").withValue("fast").endEnv()
            .withNewReadinessProbe().withNewHttpGet().withPath("/ready").withNewPort(8080).endHttpGet().endReadinessProbe()
            .withArgs((java.util.List<String>) null)
            .build();

    {
        original.setAdditionalProperty("x-extra", "kept");
    }

    @Test
    void aCopyEqualsTheOriginalAndSharesItsValues() {
        Container copy = ShallowCopy.of(original);
        assertNotSame(original, copy);
        assertEquals(original, copy);
        assertSame(original.getEnv(), copy.getEnv());
        assertSame(original.getReadinessProbe(), copy.getReadinessProbe());
        assertNull(copy.getArgs(), "a null list stays null, not the empty list a new object starts with");
        assertEquals("kept", copy.getAdditionalProperties().get("x-extra"));
    }

    @Test
    void settingAFieldOfTheCopyLeavesTheOriginal() {
        Container copy = ShallowCopy.of(original);
        copy.setImage("shop:2");
        copy.setAdditionalProperty("x-more", "new");
        assertEquals("shop:1", original.getImage());
        assertNull(original.getAdditionalProperties().get("x-more"));
    }

    @Test
    void theInjectorsOtherItemsAreCopiedFieldByFieldToo() {
        // a class that cannot be is deep-copied through the serialisation: right, but the cost is back
        PodSpec spec = new PodSpecBuilder().addToContainers(original).withNewSecurityContext().withRunAsUser(1000L)
                .endSecurityContext().build();
        assertSame(spec.getSecurityContext(), ShallowCopy.of(spec).getSecurityContext());
        Volume volume = new VolumeBuilder().withName("data").withNewEmptyDir().endEmptyDir().build();
        assertSame(volume.getEmptyDir(), ShallowCopy.of(volume).getEmptyDir());
        Lifecycle hooks = new LifecycleBuilder().withNewPreStop().withNewHttpGet().withPath("/stop").withNewPort(80).endHttpGet()
                .endPreStop().build();
        assertSame(hooks.getPreStop(), ShallowCopy.of(hooks).getPreStop());
    }

    @Test
    void nullIsNull() {
        assertNull(ShallowCopy.of(null));
    }
}
