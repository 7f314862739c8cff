package dev.bollard.webhook.inject;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A template's renders worth keeping: a least-recently-used map that a render enters only when a
 * second admission asks for the same key.
 *
 * <p>Pods of one Deployment repeat every input of the template, so from their third pod on they
 * hit the map. A stream of distinct pods (one-off Jobs, a namespace relabelled pod by pod) never
 * comes back: kept, each of those renders (~50 KB of model objects) lived through dozens of young
 * collections, was promoted into the old generation and evicted unread, and under such a stream
 * the old generation filled several times a second (a full collection of 60-80 ms each time).
 * So the first render of a key is only remembered by its hash, which retains nothing, and by the
 * thread that made it: one admission asks twice (the template's metadata, then its parts), and
 * the second ask must not render again.
 */
final class RenderCache<K, V> {
    /** Hash slots of keys rendered once; a collision only delays or hastens keeping a render. */
    static final int SEEN_SLOTS = 1024;

    private final Map<K, V> kept;
    private final int[] seen = new int[SEEN_SLOTS];
    private final ThreadLocal<Last<K, V>> last = new ThreadLocal<>();

    private record Last<K, V>(K key, V value) {
    }

    RenderCache(int capacity) {
        this.kept = new LinkedHashMap<>(capacity, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The render of this key: kept, this thread's last, or a new one from {@code render}. */
    V get(K key, Function<K, V> render) {
        Last<K, V> mine = last.get();
        if (mine != null && mine.key().equals(key)) {
            return mine.value();
        }
        int hash = key.hashCode();
        boolean again;
        synchronized (this) {
            V found = kept.get(key);
            if (found != null) {
                return found;
            }
            int slot = (hash ^ (hash >>> 16)) & (SEEN_SLOTS - 1);
            again = seen[slot] == hash;
            seen[slot] = hash;
        }
        // rendered outside the lock: admissions of other pods must not wait for this one
        V result = render.apply(key);
        if (again) {
            synchronized (this) {
                kept.put(key, result);
            }
        } else {
            last.set(new Last<>(key, result));
        }
        return result;
    }

    /** How many renders are kept (for tests). */
    synchronized int size() {
        return kept.size();
    }
}
