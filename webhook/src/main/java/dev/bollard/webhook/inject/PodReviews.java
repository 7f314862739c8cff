package dev.bollard.webhook.inject;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;

/**
 * Reads a whole AdmissionReview with {@code request.object} bound straight to a {@link Pod} by
 * the injector's fabric8 serialisation: reading the object as a JSON tree and then the tree into
 * a Pod built and walked the pod twice, and the two were a third of an admission's CPU. A body
 * that is not a Pod's review fails this reader and is read again as trees, so a Deployment sent
 * here is still refused by its kind, and a malformed pod with the path of its fault.
 */
final class PodReviews {
    private static final ObjectReader READER = build();

    private PodReviews() {
    }

    static ObjectReader reader() {
        return READER;
    }

    private static ObjectReader build() {
        ObjectMapper mapper = PodJson.mapper().copy().addMixIn(AdmissionRequest.class, ObjectAsPod.class);
        // as for the tree reading of reviews: a pod's keys (labels, annotations) are mostly its own
        mapper.getFactory().disable(JsonFactory.Feature.INTERN_FIELD_NAMES);
        return mapper.readerFor(AdmissionReview.class);
    }

    /** The mix-in: the object a Pod, the old object (absent on a CREATE) a tree. */
    abstract static class ObjectAsPod {
        @JsonDeserialize(as = Pod.class)
        Object object;

        @JsonDeserialize(as = JsonNode.class)
        Object oldObject;

        // a mix-in annotation replaces the model's own on the setter (fabric8's raw-extension reader)
        @JsonDeserialize(as = Pod.class)
        abstract void setObject(Object object);

        @JsonDeserialize(as = JsonNode.class)
        abstract void setOldObject(Object oldObject);
    }
}
