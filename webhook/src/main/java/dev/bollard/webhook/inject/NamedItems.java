package dev.bollard.webhook.inject;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Patch operations for one list of named items (containers, volumes, pull secrets) or one string
 * map (labels, annotations) that injection extended. Items are matched by name: the pod's items
 * injection took out (an {@code istio-proxy} override) are removed, ours are added where they
 * stand, and a kept item that changed is diffed on its own. A list whose names are missing,
 * repeated or reordered is replaced whole, which is always right if less readable.
 */
final class NamedItems {
    private NamedItems() {
    }

    static <T> void list(PatchOps ops, String path, List<T> before, List<T> after, Function<T, String> name) {
        if (PodPatch.same(before, after) || (PodPatch.absent(before) && PodPatch.absent(after))) {
            return;
        }
        if (PodPatch.absent(before)) {
            ops.add(path, after);
        } else if (PodPatch.absent(after)) {
            ops.remove(path);
        } else if (!byName(ops, path, before, after, name)) {
            ops.replace(path, after);
        }
    }

    static void map(PatchOps ops, String path, Map<String, String> before, Map<String, String> after) {
        if (PodPatch.same(before, after) || (PodPatch.absent(before) && PodPatch.absent(after))) {
            return;
        }
        if (PodPatch.absent(before)) {
            ops.add(path, after);
            return;
        }
        if (PodPatch.absent(after)) {
            ops.remove(path);
            return;
        }
        // sorted, so the patch does not depend on the hash order of the map sent
        for (String key : new TreeSet<>(before.keySet())) {
            if (!after.containsKey(key)) {
                ops.remove(path + "/" + PatchOps.escape(key));
            }
        }
        after.forEach((key, value) -> {
            if (!before.containsKey(key)) {
                ops.add(path + "/" + PatchOps.escape(key), value);
            } else if (!Objects.equals(before.get(key), value)) {
                ops.replace(path + "/" + PatchOps.escape(key), value);
            }
        });
    }

    /** False, with no op written, when the lists cannot be matched by name. */
    private static <T> boolean byName(PatchOps ops, String path, List<T> before, List<T> after, Function<T, String> name) {
        List<String> beforeNames = names(before, name);
        List<String> afterNames = names(after, name);
        if (beforeNames == null || afterNames == null) {
            return false;
        }
        Set<String> kept = new HashSet<>(afterNames);
        List<T> remaining = new ArrayList<>();
        for (int i = 0; i < before.size(); i++) {
            if (kept.contains(beforeNames.get(i))) {
                remaining.add(before.get(i));
            }
        }
        Set<String> remainingNames = new HashSet<>();
        remaining.forEach(item -> remainingNames.add(name.apply(item)));
        if (!inOrder(remaining, after, name, remainingNames)) {
            return false;
        }
        // highest index first, so each index still points at the item it names
        for (int i = before.size() - 1; i >= 0; i--) {
            if (!kept.contains(beforeNames.get(i))) {
                ops.remove(path + "/" + i);
            }
        }
        int next = 0;
        for (int j = 0; j < after.size(); j++) {
            T item = after.get(j);
            if (!remainingNames.contains(afterNames.get(j))) {
                ops.add(path + "/" + j, item);
                continue;
            }
            T old = remaining.get(next++);
            if (!PodPatch.same(old, item)) {
                ops.diff(path + "/" + j, old, item);
            }
        }
        return true;
    }

    /** The kept items come in {@code after} in the order they had. */
    private static <T> boolean inOrder(List<T> remaining, List<T> after, Function<T, String> name, Set<String> remainingNames) {
        int next = 0;
        for (T item : after) {
            String key = name.apply(item);
            if (remainingNames.contains(key)) {
                if (!key.equals(name.apply(remaining.get(next)))) {
                    return false;
                }
                next++;
            }
        }
        return next == remaining.size();
    }

    /** The names in order, or null when one is missing or repeated. */
    private static <T> List<String> names(List<T> items, Function<T, String> name) {
        List<String> names = new ArrayList<>(items.size());
        Set<String> seen = new HashSet<>();
        for (T item : items) {
            String key = item == null ? null : name.apply(item);
            if (key == null || !seen.add(key)) {
                return null;
            }
            names.add(key);
        }
        return names;
    }
}
