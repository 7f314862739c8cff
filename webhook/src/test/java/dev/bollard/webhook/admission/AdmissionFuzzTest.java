package dev.bollard.webhook.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonStructure;
import jakarta.ws.rs.core.Response;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import dev.bollard.webhook.ca.TestCaConfig;
import dev.bollard.webhook.http.ApiError;
import dev.bollard.webhook.inject.SidecarAdmission;
import dev.bollard.webhook.inject.TestSidecarAdmission;
import dev.bollard.webhook.policy.PolicyAdmission;
import dev.bollard.webhook.policy.TestPolicyAdmission;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;

/**
 * Both webhooks behind their HTTP edge, fed what an attacker (or a buggy API server) could POST.
 * Seeds in {@code AdmissionFuzzTestInputs/}: the admission request fixtures for whole bodies, the
 * pod fixtures for pods inside a well-formed review. Every body gets either a review echoing its
 * uid or a 4xx JSON error with a message; a deny has a message and is never the 500 an escaped
 * exception turns into; a patch is an RFC 6902 patch that applies to the object as sent.
 */
class AdmissionFuzzTest {
    // as Quarkus configures its ObjectMapper: unknown properties are ignored
    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final ObjectMapper YAML = new YAMLMapper();
    private static final String UID = "fuzz-0000";
    private static final AdmissionMetrics METRICS = TestAdmissionMetrics.inMemory();
    private static final AdmissionExchange EXCHANGE = new AdmissionExchange(JSON, METRICS);
    private static final SidecarAdmission INJECTION = TestSidecarAdmission.shipped(TestCaConfig.secret(Path.of("target", "no-cacerts")));
    private static final PolicyAdmission VALIDATION = TestPolicyAdmission.defaults(JSON);

    @FuzzTest(maxDuration = "60s")
    void anyReviewBodyGetsAReviewOrABadRequest(byte[] body) {
        expectReviewOrBadRequest(body, inject(body));
        expectReviewOrBadRequest(body, EXCHANGE.answer("validate", body, VALIDATION));
    }

    @FuzzTest(maxDuration = "60s")
    void anyPodIsInjectedOrDeniedWithAValidPatch(byte[] podYaml) {
        JsonNode pod;
        try {
            pod = YAML.readTree(podYaml);
        } catch (IOException | RuntimeException notYaml) {
            return; // the API server only ever sends JSON: a pod that is no document is not a case
        }
        if (pod == null || !pod.isObject()) {
            return;
        }
        byte[] review = podCreate(pod);
        Response response = inject(review);
        if (fitsPodSchema(pod)) {
            assertEquals(200, response.getStatus(), () -> "a review of a Pod is answered with a review: " + response.getEntity());
        }
        // else (a label whose value is a list, say) the API server would never send it: a 400 is right
        expectReviewOrBadRequest(review, response);
    }

    private static boolean fitsPodSchema(JsonNode pod) {
        try {
            JSON.treeToValue(pod, Pod.class);
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    private static void expectReviewOrBadRequest(byte[] body, Response response) {
        if (response.getStatus() == 200) {
            expectReview(body, response);
            return;
        }
        assertTrue(response.getStatus() == 400 || response.getStatus() == 413, () -> "status " + response.getStatus());
        ApiError error = assertInstanceOf(ApiError.class, response.getEntity());
        assertFalse(error.message() == null || error.message().isBlank(), "a bad request says why");
    }

    private static void expectReview(byte[] body, Response response) {
        AdmissionReview review = assertInstanceOf(AdmissionReview.class, response.getEntity());
        JsonNode request = tree(body).path("request");
        AdmissionResponse answer = review.getResponse();
        assertEquals(request.path("uid").asText(), answer.getUid(), "the response echoes the request uid");
        if (!Boolean.TRUE.equals(answer.getAllowed())) {
            assertNotEquals(500, answer.getStatus().getCode(), () -> "an exception escaped the handler: " + answer.getStatus().getMessage());
            assertFalse(answer.getStatus().getMessage() == null || answer.getStatus().getMessage().isBlank(), "a deny says why");
        }
        if (answer.getPatch() != null) {
            assertEquals("JSONPatch", answer.getPatchType());
            apply(new String(Base64.getDecoder().decode(answer.getPatch()), StandardCharsets.UTF_8), request.path("object"));
        }
    }

    /** Applies {@code patch} as the API server would: to the object it sent, not to our model of it. */
    private static void apply(String patch, JsonNode object) {
        JsonArray operations = Json.createReader(new StringReader(patch)).readArray();
        JsonStructure target = Json.createReader(new StringReader(object.toString())).read();
        try {
            JsonStructure patched = Json.createPatch(operations).apply(target);
            assertEquals(jakarta.json.JsonValue.ValueType.OBJECT, patched.getValueType());
        } catch (jakarta.json.JsonException e) {
            fail("the patch does not apply to the object sent (" + e.getMessage() + "): " + patch);
        }
    }

    private static byte[] podCreate(JsonNode pod) {
        ObjectNode review = JSON.createObjectNode().put("apiVersion", AdmissionReviews.API_VERSION).put("kind", AdmissionReviews.KIND);
        ObjectNode request = review.putObject("request").put("uid", UID).put("operation", "CREATE")
                .put("namespace", pod.path("metadata").path("namespace").asText("shop"));
        request.putObject("kind").put("group", "").put("version", "v1").put("kind", "Pod");
        request.set("object", pod);
        return review.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode tree(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("a body answered with a review must be JSON", e);
        }
    }

    private static Response inject(byte[] body) {
        return EXCHANGE.answer("inject", body, INJECTION);
    }
}
