package dev.bollard.webhook.inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The fabric8 serialisation the injector reads and writes pods with, and its mapper: a request's
 * pod arrives as a JSON tree, and reading the tree directly ({@link ObjectMapper#treeToValue})
 * skips the token buffer {@code convertValue} writes the whole tree into first. One instance for
 * the whole package: each serialisation builds its own Jackson (de)serialisers for the fabric8
 * model on first use, so with one per class the first admission built them again after the
 * start's sample render had (first /inject after ready: 0.46 s).
 */
final class PodJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization(MAPPER, true);

    static {
        // Blackbird reads and writes the model's properties through generated lambdas instead of
        // reflection: binding the review, writing the patch's values (16-20% of an admission's CPU
        // over the wire). Registered after fabric8's modules, so that its property writers are the
        // ones fabric8's wrap (Jackson applies the last-registered modifier first).
        MAPPER.registerModule(new BlackbirdModule());
    }

    private PodJson() {
    }

    static ObjectMapper mapper() {
        return MAPPER;
    }

    /** A model object (or any value) as a JSON object tree, for merging field by field. */
    static ObjectNode tree(Object value) {
        return SERIALIZATION.convertValue(value, ObjectNode.class);
    }

    static <T> T read(JsonNode tree, Class<T> type) throws com.fasterxml.jackson.core.JsonProcessingException {
        return MAPPER.treeToValue(tree, type);
    }
}
