package dev.bollard.webhook.inject;

import java.util.EnumSet;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.zjsonpatch.DiffFlags;
import io.fabric8.zjsonpatch.JsonDiff;

/**
 * The patch as the webhook made it before {@link PodPatch}: both whole pods as JSON trees, diffed
 * by a library. Too slow for every admission, kept as the oracle the built patch must agree with.
 */
final class PodDiffOracle {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final EnumSet<DiffFlags> FLAGS = EnumSet.of(DiffFlags.OMIT_MOVE_OPERATION, DiffFlags.OMIT_COPY_OPERATION);

    private PodDiffOracle() {
    }

    static JsonNode between(Pod before, Pod after) {
        JsonNode source = SERIALIZATION.convertValue(before, JsonNode.class);
        JsonNode target = SERIALIZATION.convertValue(after, JsonNode.class);
        return JsonDiff.asJson(source, target, FLAGS);
    }
}
