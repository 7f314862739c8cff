package dev.bollard.webhook.inject;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The template's recent renders, in two least-recently-used maps (2Q): a new render enters a
 * small probation map and moves to the main one when its key is asked for again.
 *
 * <p>Pods of one Deployment repeat every input of the template, so from their second pod on they
 * hit the main map. One admission asks twice (the template's metadata, then its parts), which
 * probation answers. A stream of distinct pods (one-off Jobs, a namespace relabelled pod by pod)
 * never comes back: with one map, each of those renders (~50 KB of model objects) was kept and
 * promoted into the old generation only to be evicted unread, while probation drops it young.
 */
final class RenderCache<K, V> {
    /**
     * Probation holds the renders of the last few admissions: enough for one admission's second
     * ask to find its own render while the other admission threads add theirs, and few enough
     * that a render dropped from it dies in the young generation (at 32, a render lived ~50 ms
     * under a stream of distinct pods, outlived two young collections and was promoted after all).
     */
    static final int PROBATION = 4;

    private final Map<K, V> main;
    private final Map<K, V> probation = lru(PROBATION);

    RenderCache(int capacity) {
        this.main = lru(capacity);
    }

    /** The kept render of this key, else a new one from {@code render}, which goes on probation. */
    V get(K key, Function<K, V> render) {
        synchronized (this) {
            V kept = main.get(key);
            if (kept != null) {
                return kept;
            }
            kept = probation.remove(key);
            if (kept != null) {
                main.put(key, kept);
                return kept;
            }
        }
        // rendered outside the lock: admissions of other pods must not wait for this one
        V result = render.apply(key);
        synchronized (this) {
            probation.put(key, result);
        }
        return result;
    }

    /** How many renders the main map keeps (for tests). */
    synchronized int size() {
        return main.size();
    }

    private static <K, V> Map<K, V> lru(int capacity) {
        return new LinkedHashMap<>(capacity, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }
}
