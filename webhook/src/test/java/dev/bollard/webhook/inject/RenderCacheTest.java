package dev.bollard.webhook.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class RenderCacheTest {
    private final List<String> renders = new ArrayList<>();
    private final RenderCache<String, String> cache = new RenderCache<>(8);

    private String ask(String key) {
        return cache.get(key, k -> {
            renders.add(k);
            return "rendered " + k;
        });
    }

    @Test
    void oneAdmissionAskingTwiceRendersOnceAndKeepsNothing() {
        assertEquals("rendered a", ask("a"));
        assertEquals("rendered a", ask("a"));
        assertEquals(List.of("a"), renders);
        assertEquals(0, cache.size());
    }

    @Test
    void aKeyAskedForByASecondAdmissionIsKept() {
        ask("a");
        ask("b");
        ask("a");
        ask("a");
        assertEquals(List.of("a", "b", "a"), renders);
        assertEquals(1, cache.size());
    }

    @Test
    void aStreamOfDistinctKeysKeepsNone() {
        for (int i = 0; i < 100; i++) {
            ask("pod-" + i);
            ask("pod-" + i);
        }
        assertEquals(100, renders.size());
        assertEquals(0, cache.size());
    }

    @Test
    void keptRendersAreBounded() {
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 20; i++) {
                ask("pod-" + i);
            }
        }
        assertEquals(8, cache.size());
    }

    @Test
    void anotherThreadFindsAKeptRenderWithoutRendering() throws Exception {
        ask("a");
        ask("b");
        ask("a");
        Thread other = new Thread(() -> ask("a"));
        other.start();
        other.join();
        assertEquals(List.of("a", "b", "a"), renders);
    }
}
