package dev.bollard.webhook.inject;

import java.util.EnumSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.zjsonpatch.DiffFlags;
import io.fabric8.zjsonpatch.JsonDiff;

/**
 * The operations of one RFC 6902 patch, in the order they are applied. Values go through the
 * fabric8 serialisation, as the API server's view of the pod does.
 */
final class PatchOps {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    // move/copy ops are legal but make a patch harder to read in an audit log and gain nothing here
    private static final EnumSet<DiffFlags> FLAGS = EnumSet.of(DiffFlags.OMIT_MOVE_OPERATION, DiffFlags.OMIT_COPY_OPERATION);

    private final ArrayNode ops = JsonNodeFactory.instance.arrayNode();

    /** One step of an RFC 6901 pointer: {@code ~} and {@code /} in a key are {@code ~0} and {@code ~1}. */
    static String escape(String key) {
        if (key.indexOf('~') < 0 && key.indexOf('/') < 0) {
            return key;
        }
        return key.replace("~", "~0").replace("/", "~1");
    }

    void add(String path, Object value) {
        op("add", path).set("value", tree(value));
    }

    void replace(String path, Object value) {
        op("replace", path).set("value", tree(value));
    }

    void remove(String path) {
        op("remove", path);
    }

    /** The fields that differ between two versions of one item (a container, a volume), under {@code path}. */
    void diff(String path, Object before, Object after) {
        for (JsonNode op : JsonDiff.asJson(tree(before), tree(after), FLAGS)) {
            ObjectNode prefixed = op.deepCopy();
            prefixed.put("path", path + op.path("path").asText());
            ops.add(prefixed);
        }
    }

    String toJson() {
        return ops.toString();
    }

    private ObjectNode op(String name, String path) {
        ObjectNode op = ops.addObject();
        op.put("op", name);
        op.put("path", path);
        return op;
    }

    private static JsonNode tree(Object value) {
        return value instanceof String text ? JsonNodeFactory.instance.textNode(text)
                : SERIALIZATION.convertValue(value, JsonNode.class);
    }
}
