package dev.bollard.webhook.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import dev.bollard.webhook.kubeinject.WorkloadKind;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.zjsonpatch.JsonPatch;

/**
 * The built patch against the whole-pod diff it replaced, on every pod of the injection golden
 * set (the repository's {@code src/test/resources/fixtures}): both applied to the pod as sent
 * must give the same pod. {@code -Dinject.oracle.dirs=a,b} adds other directories of pod or
 * workload YAML (Istio's conformance inputs) for a one-off comparison.
 */
class PodPatchOracleTest {
    private static final ObjectMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final Path FIXTURES = Path.of("../e2e/src/test/resources/fixtures");
    private static final LoadedSidecar SIDECAR = LoadedSidecar.parse(SidecarSources.templates(Optional.empty()),
            SidecarSources.values(Optional.empty()));
    private static final PodInjection INJECTION = new PodInjection(SIDECAR.injector(), SIDECAR.values(),
            Set.of("kube-system", "kube-public"), Pods.TRUST_DOMAIN);

    @TestFactory
    Stream<DynamicTest> builtPatchGivesTheDiffsPod() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path dir : dirs()) {
            try (Stream<Path> listed = Files.list(dir)) {
                listed.filter(f -> f.toString().endsWith(".yaml")).sorted().forEach(files::add);
            }
        }
        assertTrue(files.size() >= 38, "fixtures: " + files.size());
        return files.stream().flatMap(file -> pods(file).stream()
                .map(pod -> DynamicTest.dynamicTest(file.getFileName() + " " + pod.path("metadata").path("name").asText(),
                        () -> check(pod))));
    }

    private static void check(ObjectNode sent) {
        Pod pod = SERIALIZATION.convertValue(sent, Pod.class);
        String namespace = sent.path("metadata").path("namespace").asText("default");
        PodInjection.Outcome outcome;
        try {
            outcome = INJECTION.inject(pod, namespace);
        } catch (InjectionRefusedException refused) {
            return;
        }
        if (!outcome.injected()) {
            return;
        }
        JsonNode built = read(PodPatch.between(pod, outcome.pod()));
        JsonNode expected = JsonPatch.apply(PodDiffOracle.between(pod, outcome.pod()), sent);
        assertEquals(normal(expected), normal(JsonPatch.apply(built, sent)), () -> "patch " + built);
        JsonNode asSerialized = SERIALIZATION.convertValue(pod, JsonNode.class);
        assertEquals(normal(SERIALIZATION.convertValue(outcome.pod(), JsonNode.class)), normal(JsonPatch.apply(built, asSerialized)));
    }

    private static List<Path> dirs() {
        List<Path> dirs = new ArrayList<>(List.of(FIXTURES.resolve("pods"), FIXTURES.resolve("foreign-pods")));
        String extra = System.getProperty("inject.oracle.dirs", "");
        Arrays.stream(extra.split(",")).filter(s -> !s.isBlank()).map(Path::of).forEach(dirs::add);
        return dirs;
    }

    /** The pods of a file: a Pod as it is, a workload's pod template as its controller would send it. */
    private static List<ObjectNode> pods(Path file) {
        List<ObjectNode> pods = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(Files.readString(file))) {
            YAML.readValues(parser, JsonNode.class).forEachRemaining(doc -> {
                if (doc == null || !doc.isObject()) {
                    return;
                }
                WorkloadKind.of(doc).map(kind -> doc.at(kind.template())).filter(JsonNode::isObject).ifPresent(template -> {
                    ObjectNode pod = ((ObjectNode) template).deepCopy();
                    if (!pod.path("metadata").isObject()) {
                        pod.putObject("metadata");
                    }
                    String namespace = doc.path("metadata").path("namespace").asText("");
                    ((ObjectNode) pod.get("metadata")).put("namespace", namespace.isEmpty() ? "default" : namespace);
                    pod.put("apiVersion", "v1");
                    pod.put("kind", "Pod");
                    pods.add(pod);
                });
            });
        } catch (IOException | RuntimeException e) {
            // a file that is not YAML of pods is no case of this comparison
        }
        return pods;
    }

    /** Re-read, so a number is the same node type whichever way the tree was made. */
    private static JsonNode normal(JsonNode tree) {
        return read(tree.toString());
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("read the built patch", e);
        }
    }
}
