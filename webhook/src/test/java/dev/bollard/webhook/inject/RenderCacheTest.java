package dev.bollard.webhook.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class RenderCacheTest {
    private final List<String> rendered = new ArrayList<>();

    private String render(String key) {
        rendered.add(key);
        return "render of " + key;
    }

    @Test
    void aKeyIsRenderedOnceAndThenKept() {
        RenderCache<String, String> cache = new RenderCache<>(4);
        for (int i = 0; i < 5; i++) {
            assertEquals("render of web", cache.get("web", this::render));
        }
        assertEquals(List.of("web"), rendered);
        assertEquals(1, cache.size());
    }

    @Test
    void aStreamOfDistinctKeysStaysOnProbation() {
        RenderCache<String, String> cache = new RenderCache<>(256);
        for (int i = 0; i < 1000; i++) {
            cache.get("pod-" + i, this::render);
        }
        assertEquals(0, cache.size());
        assertEquals(1000, rendered.size());
    }

    @Test
    void probationForgetsTheOldestBeyondItsSize() {
        RenderCache<String, String> cache = new RenderCache<>(256);
        cache.get("first", this::render);
        for (int i = 0; i < RenderCache.PROBATION; i++) {
            cache.get("pod-" + i, this::render);
        }
        rendered.clear();
        cache.get("first", this::render);
        assertEquals(List.of("first"), rendered);
    }

    @Test
    void theLeastRecentlyUsedLeavesTheMainMapBeyondItsCapacity() {
        RenderCache<String, String> cache = new RenderCache<>(2);
        for (String key : List.of("a", "a", "b", "b", "a", "c", "c")) {
            cache.get(key, this::render);
        }
        rendered.clear();
        cache.get("a", this::render);
        cache.get("c", this::render);
        cache.get("b", this::render);
        assertEquals(List.of("b"), rendered, "b was used least recently when c came in");
        assertEquals(2, cache.size());
    }
}
