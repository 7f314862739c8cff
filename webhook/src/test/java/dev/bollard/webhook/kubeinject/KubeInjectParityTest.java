package dev.bollard.webhook.kubeinject;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.zjsonpatch.JsonPatch;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The same pod from both paths, on every injection fixture of the golden tests
 * ({@code e2e/src/test/resources/fixtures/pods} and {@code foreign-pods}):
 * {@code kube-inject} on the file, and the running webhook's {@code POST /inject} on the pod
 * the workload's template makes, its patch applied. An injected template must equal the
 * patched pod, a skipped document must come out as it went in, and a denied pod must be a
 * refused document with the webhook's message.
 */
@QuarkusTest
class KubeInjectParityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path FIXTURES = Path.of("../e2e/src/test/resources/fixtures");
    private static final Pattern APPS_VERSION = Pattern.compile("(?m)^apiVersion: apps/v1$");
    private static final Pattern POD_KIND = Pattern.compile("(?m)^kind: Pod$");
    private static final Pattern REFUSED = Pattern.compile(": document (\\d+): .*?: refused: (.*)");

    @TestFactory
    Stream<DynamicTest> kubeInjectGivesTheWebhooksPod() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String dir : List.of("pods", "foreign-pods")) {
            try (Stream<Path> listed = Files.list(FIXTURES.resolve(dir))) {
                listed.filter(f -> f.toString().endsWith(".yaml")).sorted().forEach(files::add);
            }
        }
        assertTrue(files.size() >= 38, "fixtures: " + files.size());
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> check(file)));
    }

    private void check(Path file) throws IOException {
        String text = Files.readString(file);
        if (APPS_VERSION.matcher(text).find() && POD_KIND.matcher(text).find()) {
            // Linkerd's fixtures call a Pod apps/v1, which the API server would refuse: kube-inject
            // passes that through as an unknown kind, and the comparison runs on the pod as v1
            KubeInjectCommandTest.Run asWritten = KubeInjectCommandTest.run(null, "-f", file.toString());
            assertEquals(text, asWritten.stdout(), "an apps/v1 Pod is not a Pod");
            text = text.replaceFirst("(?m)^apiVersion: apps/v1$", "apiVersion: v1");
        }
        Path input = Files.createTempFile("kube-inject-parity", ".yaml");
        Files.writeString(input, text);
        try {
            check(file.getFileName().toString(), text, input);
        } finally {
            Files.delete(input);
        }
    }

    private void check(String name, String text, Path file) throws IOException {
        List<JsonNode> inputs = KubeInjectCommandTest.documents(text);
        KubeInjectCommandTest.Run run = KubeInjectCommandTest.run(null, "-f", file.toString());
        List<String> refusals = refusals(run.stderr(), inputs.size());
        List<JsonNode> outputs = new ArrayList<>(KubeInjectCommandTest.documents(run.stdout()));
        for (int i = 0; i < inputs.size(); i++) {
            JsonNode input = inputs.get(i);
            WorkloadKind kind = WorkloadKind.of(input).orElseThrow(() -> new AssertionError("fixture kind " + input.path("kind")));
            String namespace = input.path("metadata").path("namespace").asText("");
            ObjectNode pod = pod(input.at(kind.template()), namespace.isEmpty() ? "default" : namespace);
            JsonNode response = review(pod);
            String where = name + " document " + (i + 1);
            if (!response.path("allowed").asBoolean()) {
                assertEquals(response.path("status").path("message").asText(), refusals.get(i), where + " refused as denied");
                continue;
            }
            assertEquals(null, refusals.get(i), where + " not refused");
            JsonNode output = outputs.remove(0);
            if (!response.has("patch")) {
                assertEquals(input, output, where + " unchanged when the webhook does not patch");
                continue;
            }
            JsonNode patch = JSON.readTree(Base64.getDecoder().decode(response.path("patch").asText()));
            ObjectNode patched = (ObjectNode) JsonPatch.apply(patch, pod);
            JsonNode template = output.at(kind.template());
            if (!input.at(kind.template()).path("metadata").has("namespace")) {
                ((ObjectNode) patched.get("metadata")).remove("namespace");
            }
            assertEquals(patched.get("metadata"), template.get("metadata"), where + " metadata");
            assertEquals(patched.get("spec"), template.get("spec"), where + " spec");
        }
        assertTrue(outputs.isEmpty(), "no extra documents");
    }

    private static ObjectNode pod(JsonNode template, String namespace) {
        ObjectNode pod = JSON.createObjectNode();
        pod.put("apiVersion", "v1");
        pod.put("kind", "Pod");
        ObjectNode metadata = template.has("metadata") ? template.get("metadata").deepCopy() : JSON.createObjectNode();
        metadata.put("namespace", namespace);
        pod.set("metadata", metadata);
        pod.set("spec", template.path("spec").deepCopy());
        return pod;
    }

    private static List<String> refusals(String stderr, int documents) {
        List<String> reasons = new ArrayList<>(java.util.Collections.nCopies(documents, (String) null));
        stderr.lines().forEach(line -> {
            Matcher m = REFUSED.matcher(line);
            if (m.find()) {
                reasons.set(Integer.parseInt(m.group(1)) - 1, m.group(2));
            }
        });
        return reasons;
    }

    private static JsonNode review(ObjectNode pod) throws IOException {
        ObjectNode review = JSON.createObjectNode();
        review.put("apiVersion", "admission.k8s.io/v1");
        review.put("kind", "AdmissionReview");
        ObjectNode request = review.putObject("request");
        request.put("uid", "kube-inject-parity");
        request.putObject("kind").put("group", "").put("version", "v1").put("kind", "Pod");
        request.put("namespace", pod.path("metadata").path("namespace").asText());
        request.put("operation", "CREATE");
        request.set("object", pod);
        String body = given().relaxedHTTPSValidation().contentType(ContentType.JSON).body(review.toString())
                .when().post("/inject").then().statusCode(200).extract().asString();
        JsonNode response = JSON.readTree(body).path("response");
        assertFalse(response.isMissingNode(), body);
        return response;
    }
}
