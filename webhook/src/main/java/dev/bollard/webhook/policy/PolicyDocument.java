package dev.bollard.webhook.policy;

import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One policy object as raw JSON with the kind it was admitted as and its namespace/name, which
 * may come from the admission request when the object itself does not carry them.
 */
public record PolicyDocument(PolicyKind kind, String namespace, String name, JsonNode object) {
    public static final String NO_NAME = "<unnamed>";
    public static final String DEFAULT_NAMESPACE = "default";

    public PolicyDocument {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(object, "object");
        namespace = blank(namespace) ? DEFAULT_NAMESPACE : namespace;
        name = blank(name) ? NO_NAME : name;
    }

    /**
     * A document for {@code object} if its apiVersion/kind is one we validate.
     *
     * @param namespace used when the object has no {@code metadata.namespace}
     * @param name      used when the object has no {@code metadata.name}
     */
    public static Optional<PolicyDocument> of(JsonNode object, String namespace, String name) {
        if (object == null || !object.isObject()) {
            return Optional.empty();
        }
        return PolicyKind.fromApiVersion(object.path("apiVersion").asText(null), object.path("kind").asText(null))
                .map(kind -> of(kind, object, namespace, name));
    }

    /** A document of a kind already known (from the admission request), named by its metadata or the fallbacks. */
    public static PolicyDocument of(PolicyKind kind, JsonNode object, String namespace, String name) {
        return new PolicyDocument(kind, metadata(object, "namespace").orElse(namespace),
                metadata(object, "name").orElseGet(() -> metadata(object, "generateName").map(g -> g + "*").orElse(name)),
                object);
    }

    private static Optional<String> metadata(JsonNode object, String field) {
        JsonNode value = object.path("metadata").path(field);
        return value.isTextual() && !value.textValue().isBlank() ? Optional.of(value.textValue()) : Optional.empty();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** {@code PeerAuthentication prod/default}. */
    public String describe() {
        return kind.kind() + " " + namespace + "/" + name;
    }
}
