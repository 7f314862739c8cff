package dev.bollard.webhook.inject;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Kubernetes' strategic merge of one container or volume over another, as JSON trees: objects
 * merge field by field, the overlay's scalars win, keyed lists (env by name, volumeMounts by
 * mountPath, ports by containerPort, ...) merge item by item, any other list is replaced.
 *
 * <p>Two deliberate differences from {@code kubectl patch --type=strategic}: an item of a keyed
 * list replaces the item with the same key whole (an overlay {@code env} entry with a
 * {@code value} must not keep the base's {@code valueFrom}, which the API server would reject),
 * and a volume keeps only the source the overlay names (the API's {@code retainKeys}).
 */
final class StrategicMerge {
    /** The merge keys of Container and Volume lists (k8s.io/api patchMergeKey tags). */
    private static final Map<String, String> MERGE_KEYS = Map.of(
            "env", "name",
            "volumeMounts", "mountPath",
            "volumeDevices", "devicePath",
            "ports", "containerPort",
            "resizePolicy", "resourceName");

    private StrategicMerge() {
    }

    /** A new tree: {@code overlay}'s fields over {@code base}'s; neither argument is changed. */
    static ObjectNode merge(ObjectNode base, ObjectNode overlay) {
        ObjectNode result = base.deepCopy();
        Iterator<Map.Entry<String, JsonNode>> fields = overlay.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            JsonNode mine = result.get(name);
            JsonNode theirs = field.getValue();
            if (theirs.isNull()) {
                // strategic merge: an explicit null deletes the field
                result.remove(name);
            } else if (mine instanceof ObjectNode mineObject && theirs instanceof ObjectNode theirsObject) {
                result.set(name, merge(mineObject, theirsObject));
            } else if (mine instanceof ArrayNode mineArray && theirs instanceof ArrayNode theirsArray
                    && MERGE_KEYS.containsKey(name)) {
                result.set(name, mergeKeyed(mineArray, theirsArray, MERGE_KEYS.get(name)));
            } else {
                result.set(name, theirs.deepCopy());
            }
        }
        return result;
    }

    /** A volume: the overlay's source replaces ours unless it names none (then only ours is there). */
    static ObjectNode mergeVolume(ObjectNode base, ObjectNode overlay) {
        if (overlay.size() <= 1 && overlay.has("name")) {
            return base.deepCopy();
        }
        ObjectNode retained = JsonNodeFactory.instance.objectNode();
        overlay.fieldNames().forEachRemaining(name -> {
            if (base.has(name)) {
                retained.set(name, base.get(name).deepCopy());
            }
        });
        return merge(retained, overlay);
    }

    private static ArrayNode mergeKeyed(ArrayNode base, ArrayNode overlay, String key) {
        List<JsonNode> items = new ArrayList<>();
        base.forEach(items::add);
        for (JsonNode item : overlay) {
            int at = indexOf(items, key, item.get(key));
            if (at >= 0) {
                items.set(at, item.deepCopy());
            } else {
                items.add(item.deepCopy());
            }
        }
        ArrayNode result = JsonNodeFactory.instance.arrayNode();
        items.forEach(result::add);
        return result;
    }

    private static int indexOf(List<JsonNode> items, String key, JsonNode value) {
        if (value == null) {
            return -1;
        }
        for (int i = 0; i < items.size(); i++) {
            if (value.equals(items.get(i).get(key))) {
                return i;
            }
        }
        return -1;
    }
}
