package dev.bollard.webhook.inject;

import java.util.EnumSet;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.zjsonpatch.DiffFlags;
import io.fabric8.zjsonpatch.JsonDiff;

/**
 * The RFC 6902 patch from one pod to another, made by a library rather than by hand: absent
 * arrays and maps become whole-value adds, keys are escaped ({@code ~0}, {@code ~1}), and
 * array order is kept. Both sides go through the same serialisation, so only what injection
 * changed appears in the patch.
 */
public final class PodPatch {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    // move/copy ops are legal but make a patch harder to read in an audit log and gain nothing here
    private static final EnumSet<DiffFlags> FLAGS = EnumSet.of(DiffFlags.OMIT_MOVE_OPERATION, DiffFlags.OMIT_COPY_OPERATION);

    private PodPatch() {
    }

    /** The patch as JSON text; {@code []} when the pods are equal. */
    public static String between(Pod before, Pod after) {
        JsonNode source = SERIALIZATION.convertValue(before, JsonNode.class);
        JsonNode target = SERIALIZATION.convertValue(after, JsonNode.class);
        return JsonDiff.asJson(source, target, FLAGS).toString();
    }
}
