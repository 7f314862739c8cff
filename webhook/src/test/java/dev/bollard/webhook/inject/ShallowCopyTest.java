package dev.bollard.webhook.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;

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
    void nullIsNull() {
        assertNull(ShallowCopy.of(null));
    }
}
