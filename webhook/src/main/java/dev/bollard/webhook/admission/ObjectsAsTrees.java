package dev.bollard.webhook.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

/**
 * A Jackson mix-in for fabric8's AdmissionRequest: {@code request.object} and {@code oldObject} are
 * read as JSON trees. The model types them as {@code Object}, so Jackson built nested maps that
 * every handler then converted again (into a Pod, into a policy tree): a 3 MiB policy was parsed
 * three times over, and those copies, not the checks, were most of its 380 ms.
 */
abstract class ObjectsAsTrees {
    @JsonDeserialize(as = JsonNode.class)
    Object object;

    @JsonDeserialize(as = JsonNode.class)
    Object oldObject;

    // the model's setters name fabric8's own deserializer (a RawExtension of nested maps); a mix-in
    // annotation replaces the annotation of the same type on the same member
    @JsonDeserialize(as = JsonNode.class)
    abstract void setObject(Object object);

    @JsonDeserialize(as = JsonNode.class)
    abstract void setOldObject(Object oldObject);
}
