package dev.bollard.webhook.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * Turns a fixture manifest into the pods the API server would send the webhook: a Pod as is,
 * a workload (Deployment, StatefulSet, DaemonSet, Job, CronJob, ReplicaSet) as the pod its
 * controller creates from the template, with generateName and an owner reference. Shared with the
 * e2e module (the webhook's test-jar carries this class only): the injection goldens run in process
 * here and through the packaged webhook and kubectl there, on the same pods.
 */
public final class WorkloadPods {
    private static final ObjectMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One pod to review, in {@code namespace}. */
    public record Case(String name, String namespace, ObjectNode pod) {
    }

    private WorkloadPods() {
    }

    /** The pods of every {@code *.yaml} fixture in {@code dir}, file by file in name order. */
    public static List<Case> inDirectory(Path dir) {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().flatMap(f -> from(f).stream()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("list " + dir, e);
        }
    }

    public static List<Case> from(Path file) {
        String base = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        List<JsonNode> docs = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(Files.readString(file))) {
            YAML.readValues(parser, JsonNode.class).forEachRemaining(docs::add);
        } catch (IOException e) {
            throw new UncheckedIOException("read fixture " + file, e);
        }
        docs.removeIf(doc -> doc == null || doc.isNull() || doc.isEmpty());
        List<Case> cases = new ArrayList<>();
        for (JsonNode doc : docs) {
            String suffix = docs.size() > 1 ? "." + doc.path("metadata").path("name").asText() : "";
            ObjectNode pod = toPod((ObjectNode) doc);
            String namespace = pod.path("metadata").path("namespace").asText("");
            cases.add(new Case(base + suffix, namespace.isEmpty() ? "default" : namespace, pod));
        }
        return cases;
    }

    private static ObjectNode toPod(ObjectNode doc) {
        String kind = doc.path("kind").asText();
        if ("Pod".equals(kind)) {
            // the API server only takes core/v1 Pods; a fixture saying apps/v1 means v1
            doc.put("apiVersion", "v1");
            return doc;
        }
        JsonNode template = switch (kind) {
            case "CronJob" -> doc.path("spec").path("jobTemplate").path("spec").path("template");
            case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job" -> doc.path("spec").path("template");
            default -> throw new IllegalArgumentException("fixture kind " + kind + " has no pod template");
        };
        String owner = doc.path("metadata").path("name").asText();
        String namespace = doc.path("metadata").path("namespace").asText("");
        ObjectNode pod = JSON.createObjectNode();
        pod.put("apiVersion", "v1");
        pod.put("kind", "Pod");
        ObjectNode metadata = template.has("metadata") ? ((ObjectNode) template.get("metadata")).deepCopy() : JSON.createObjectNode();
        metadata.remove("name");
        if ("StatefulSet".equals(kind)) {
            metadata.put("name", owner + "-0");
        } else {
            metadata.put("generateName", owner + "-");
        }
        if (!namespace.isEmpty()) {
            metadata.put("namespace", namespace);
        }
        ArrayNode owners = metadata.putArray("ownerReferences");
        ObjectNode ref = owners.addObject();
        ref.put("apiVersion", "CronJob".equals(kind) ? "batch/v1" : "apps/v1");
        ref.put("kind", ownerKind(kind));
        ref.put("name", owner);
        ref.put("uid", "00000000-0000-0000-0000-000000000001");
        ref.put("controller", true);
        pod.set("metadata", metadata);
        pod.set("spec", template.path("spec").deepCopy());
        return pod;
    }

    private static String ownerKind(String kind) {
        return switch (kind) {
            case "Deployment" -> "ReplicaSet";
            case "CronJob" -> "Job";
            default -> kind;
        };
    }
}
