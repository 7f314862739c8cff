package dev.bollard.webhook.kubeinject;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bollard.webhook.inject.InjectionRefusedException;
import dev.bollard.webhook.inject.PodInjection;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.zjsonpatch.JsonPatch;

/**
 * Injects the pods of one manifest document, as the webhook would inject the pods its
 * controller creates: the pod (template) goes through {@link PodInjection}, and the webhook's
 * JSON patch is applied to the document's own pod, so fields the injector does not touch stay
 * exactly as written. A {@code v1 List} is handled item by item. Pure.
 */
public final class PodTemplateInjector {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final PodInjection injection;
    private final String defaultNamespace;

    /** @param defaultNamespace for objects without metadata.namespace, as kubectl apply would place them */
    public PodTemplateInjector(PodInjection injection, String defaultNamespace) {
        this.injection = injection;
        this.defaultNamespace = defaultNamespace;
    }

    /**
     * What injection made of a document.
     *
     * @param document the document after injection; equal to the input when nothing was injected
     * @param notes    one line per pod skipped, for stderr
     */
    public record Result(JsonNode document, List<String> notes) {
        public boolean changed(JsonNode input) {
            return !document.equals(input);
        }
    }

    /** @throws InjectionRefusedException when the webhook would deny a pod of the document */
    public Result inject(JsonNode document) {
        List<String> notes = new ArrayList<>();
        JsonNode out = injectObject(document, notes);
        return new Result(out, notes);
    }

    private JsonNode injectObject(JsonNode document, List<String> notes) {
        if (!document.isObject()) {
            return document;
        }
        if ("List".equals(document.path("kind").asText()) && document.path("items").isArray()) {
            ObjectNode list = document.deepCopy();
            com.fasterxml.jackson.databind.node.ArrayNode items = list.putArray("items");
            for (JsonNode item : document.get("items")) {
                items.add(injectObject(item, notes));
            }
            return list;
        }
        Optional<WorkloadKind> kind = WorkloadKind.of(document);
        if (kind.isEmpty()) {
            return document;
        }
        JsonNode template = document.at(kind.get().template());
        if (!template.isObject()) {
            throw new InjectionRefusedException(describe(document) + " has no pod template at "
                    + kind.get().template() + "; it cannot be injected");
        }
        String namespace = document.path("metadata").path("namespace").asText("");
        Optional<JsonNode> injected = injectPod((ObjectNode) template, namespace.isEmpty() ? defaultNamespace : namespace,
                describe(document), notes);
        if (injected.isEmpty()) {
            return document;
        }
        if (kind.get() == WorkloadKind.POD) {
            return injected.get();
        }
        ObjectNode copy = document.deepCopy();
        ObjectNode newTemplate = (ObjectNode) copy.at(kind.get().template());
        newTemplate.set("metadata", injected.get().get("metadata"));
        newTemplate.set("spec", injected.get().get("spec"));
        return copy;
    }

    /** The pod (or template) after injection, empty when the pod is skipped. */
    private Optional<JsonNode> injectPod(ObjectNode template, String namespace, String what, List<String> notes) {
        ObjectNode raw = template.deepCopy();
        boolean namespaced = raw.path("metadata").has("namespace");
        if (!raw.path("metadata").isObject()) {
            raw.putObject("metadata");
        }
        // the pod the controller creates is in the workload's namespace; the identity depends on it
        ((ObjectNode) raw.get("metadata")).put("namespace", namespace);
        ObjectNode asPod = raw.deepCopy();
        asPod.put("apiVersion", "v1");
        asPod.put("kind", "Pod");
        Pod pod = toPod(asPod, what);
        PodInjection.Outcome outcome = injection.inject(pod, namespace);
        if (!outcome.injected()) {
            notes.add(what + ": skipped: " + outcome.decision().reason().description() + " ("
                    + outcome.decision().detail() + ")");
            return Optional.empty();
        }
        JsonNode patch = readPatch(outcome.patch());
        ObjectNode patched = (ObjectNode) JsonPatch.apply(patch, raw);
        if (!namespaced) {
            ((ObjectNode) patched.get("metadata")).remove("namespace");
        }
        return Optional.of(patched);
    }

    private static Pod toPod(ObjectNode json, String what) {
        try {
            return SERIALIZATION.convertValue(json, Pod.class);
        } catch (RuntimeException e) {
            throw new InjectionRefusedException(what + ": the pod template is not a valid Pod: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
    }

    private static JsonNode readPatch(String patch) {
        try {
            return JSON.readTree(patch);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("read the injection patch back", e);
        }
    }

    /** {@code Deployment shop/web}, as messages name an object. */
    static String describe(JsonNode document) {
        String namespace = document.path("metadata").path("namespace").asText("");
        String name = document.path("metadata").path("name").asText("");
        if (name.isEmpty()) {
            name = document.path("metadata").path("generateName").asText("<no name>");
        }
        return document.path("kind").asText("<no kind>") + " " + (namespace.isEmpty() ? "" : namespace + "/") + name;
    }
}
