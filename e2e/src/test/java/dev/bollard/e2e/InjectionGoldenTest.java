package dev.bollard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bollard.golden.Golden;
import dev.bollard.webhook.testing.WorkloadPods;

/**
 * Every fixture pod goes through the packaged webhook ({@code bin/bollard dev}); the returned
 * patch is applied with the real {@code kubectl patch --local --type=json} and the resulting pod
 * compared with its golden file; the patched pod then goes through again and must get no patch.
 * Denied pods have a golden file with the denial. A new fixture file becomes a case by itself.
 */
@ExtendWith(PackagedWebhook.class)
class InjectionGoldenTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Golden GOLDEN = Golden.in(Repo.testResources().resolve("golden/inject"));
    private static WebhookProcess webhook;

    @BeforeAll
    static void useWebhook(WebhookProcess packaged) {
        webhook = packaged;
    }

    @AfterAll
    static void noUnusedGoldenFiles() {
        GOLDEN.assertAllUsed();
    }

    @TestFactory
    Stream<DynamicTest> ownFixtures() {
        return cases("fixtures/pods");
    }

    @TestFactory
    Stream<DynamicTest> istioAndLinkerdFixtures() {
        return cases("fixtures/foreign-pods");
    }

    private Stream<DynamicTest> cases(String dir) {
        return WorkloadPods.inDirectory(Repo.testResources().resolve(dir)).stream()
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
    }

    private void check(WorkloadPods.Case c) throws IOException {
        JsonNode response = review(c.namespace(), c.pod());
        if (!response.path("allowed").asBoolean()) {
            GOLDEN.assertMatches(c.name() + ".denied.txt", response.path("status").path("code").asInt() + " "
                    + response.path("status").path("message").asText() + "\n");
            return;
        }
        String patch = response.has("patch")
                ? new String(Base64.getDecoder().decode(response.path("patch").asText()), StandardCharsets.UTF_8)
                : "[]";
        if (response.has("patch")) {
            assertEquals("JSONPatch", response.path("patchType").asText());
        }
        String podJson = JSON.writeValueAsString(c.pod());
        GOLDEN.assertMatches(c.name() + ".yaml", Kubectl.patchLocal(podJson, patch, "yaml"));

        JsonNode patched = JSON.readTree(Kubectl.patchLocal(podJson, patch, "json"));
        JsonNode second = review(c.namespace(), patched);
        assertTrue(second.path("allowed").asBoolean(), "second pass allowed");
        assertFalse(second.has("patch"), "second pass must not patch: " + second);
    }

    private static JsonNode review(String namespace, JsonNode pod) throws IOException {
        HttpResponse<String> http = webhook.post("/inject", Admission.podCreate(namespace, pod));
        assertEquals(200, http.statusCode(), () -> http.body() + "\n" + webhook.log());
        JsonNode body = JSON.readTree(http.body());
        assertEquals("admission.k8s.io/v1", body.path("apiVersion").asText());
        return body.path("response");
    }
}
