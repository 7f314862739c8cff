package dev.bollard.webhook.inject;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.zjsonpatch.DiffFlags;
import io.fabric8.zjsonpatch.JsonDiff;

/**
 * The operations of one RFC 6902 patch, in the order they are applied. Values go through the
 * fabric8 serialisation, as the API server's view of the pod does, straight to text: an added
 * container is written once, not turned into a JSON tree first (that was a quarter of an
 * admission's CPU).
 */
final class PatchOps {
    private static final KubernetesSerialization SERIALIZATION = PodJson.SERIALIZATION;
    // move/copy ops are legal but make a patch harder to read in an audit log and gain nothing here
    private static final EnumSet<DiffFlags> FLAGS = EnumSet.of(DiffFlags.OMIT_MOVE_OPERATION, DiffFlags.OMIT_COPY_OPERATION);

    private final List<Op> ops = new ArrayList<>();

    /** One operation; {@code value} is a fabric8 model object, a string, a map or a JSON tree, and absent for a remove. */
    @JsonPropertyOrder({"op", "path", "value"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Op(String op, String path, Object value) {
    }

    /** One step of an RFC 6901 pointer: {@code ~} and {@code /} in a key are {@code ~0} and {@code ~1}. */
    static String escape(String key) {
        if (key.indexOf('~') < 0 && key.indexOf('/') < 0) {
            return key;
        }
        return key.replace("~", "~0").replace("/", "~1");
    }

    void add(String path, Object value) {
        ops.add(new Op("add", path, value));
    }

    void replace(String path, Object value) {
        ops.add(new Op("replace", path, value));
    }

    void remove(String path) {
        ops.add(new Op("remove", path, null));
    }

    /** The fields that differ between two versions of one item (a container, a volume), under {@code path}. */
    void diff(String path, Object before, Object after) {
        List<ItemFields.Change> changes = before.getClass() == after.getClass()
                ? ItemFields.of(PodJson.mapper(), before.getClass()).changes(before, after) : null;
        if (changes != null) {
            // the old item was read from the pod as sent: a field it had is there to replace or remove
            for (ItemFields.Change change : changes) {
                String at = path + "/" + escape(change.name());
                if (change.value() == null) {
                    remove(at);
                } else if (change.wasSet()) {
                    replace(at, change.value());
                } else {
                    add(at, change.value());
                }
            }
            return;
        }
        for (JsonNode op : JsonDiff.asJson(tree(before), tree(after), FLAGS)) {
            JsonNode value = op.get("value");
            ops.add(new Op(op.path("op").asText(), path + op.path("path").asText(), value));
        }
    }

    String toJson() {
        return SERIALIZATION.asJson(ops);
    }

    private static JsonNode tree(Object value) {
        return value instanceof String text ? JsonNodeFactory.instance.textNode(text)
                : SERIALIZATION.convertValue(value, JsonNode.class);
    }
}
