package dev.bollard.webhook.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.stream.Stream;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import dev.bollard.golden.Golden;
import dev.bollard.webhook.admission.AdmissionExchange;
import dev.bollard.webhook.admission.AdmissionReviews;
import dev.bollard.webhook.admission.TestAdmissionMetrics;
import dev.bollard.webhook.ca.TestCaConfig;
import dev.bollard.webhook.testing.WorkloadPods;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.zjsonpatch.JsonPatch;

/**
 * The e2e module's injection goldens, in process and in seconds: every fixture pod goes through
 * the code /inject runs ({@link AdmissionExchange} with the shipped {@link SidecarAdmission}), the
 * patch is applied with zjsonpatch, and the pod must equal its golden file (kubectl's YAML there,
 * so both are compared parsed, keys sorted); the patched pod then gets no patch. A denial is
 * compared as text. The e2e InjectionGoldenTest stays: it proves the real kubectl applies the
 * patch, and it owns the files ({@code make update-golden} rewrites them there, so this test stands
 * aside while updating).
 */
class InjectionGoldenInProcessTest {
    private static final Path RESOURCES = Path.of("../e2e/src/test/resources");
    private static final Golden GOLDEN = Golden.in(RESOURCES.resolve("golden/inject"));
    // as Quarkus configures its ObjectMapper: unknown properties are ignored
    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final ObjectMapper CANONICAL = new YAMLMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private static final AdmissionExchange EXCHANGE = new AdmissionExchange(JSON, TestAdmissionMetrics.inMemory());
    private static final SidecarAdmission INJECTION = TestSidecarAdmission.shipped(TestCaConfig.secret(Path.of("target", "no-cacerts")));

    @BeforeAll
    static void theE2eTestRewritesTheGoldenFiles() {
        Assumptions.assumeFalse(Golden.updating(), "make update-golden: the e2e InjectionGoldenTest rewrites these with kubectl");
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

    private static Stream<DynamicTest> cases(String dir) {
        return WorkloadPods.inDirectory(RESOURCES.resolve(dir)).stream()
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
    }

    private static void check(WorkloadPods.Case c) throws IOException {
        AdmissionResponse response = review(c.namespace(), c.pod());
        if (!Boolean.TRUE.equals(response.getAllowed())) {
            GOLDEN.assertEquivalent(c.name() + ".denied.txt",
                    response.getStatus().getCode() + " " + response.getStatus().getMessage() + "\n", text -> text);
            return;
        }
        JsonNode patched = c.pod();
        if (response.getPatch() != null) {
            assertEquals("JSONPatch", response.getPatchType());
            patched = JsonPatch.apply(JSON.readTree(Base64.getDecoder().decode(response.getPatch())), c.pod());
        }
        GOLDEN.assertEquivalent(c.name() + ".yaml", JSON.writeValueAsString(patched), InjectionGoldenInProcessTest::canonical);

        AdmissionResponse second = review(c.namespace(), patched);
        assertTrue(second.getAllowed(), "second pass allowed");
        assertNull(second.getPatch(), "second pass must not patch");
    }

    private static AdmissionResponse review(String namespace, JsonNode pod) throws IOException {
        ObjectNode review = JSON.createObjectNode().put("apiVersion", AdmissionReviews.API_VERSION).put("kind", AdmissionReviews.KIND);
        ObjectNode request = review.putObject("request").put("uid", "golden-0000").put("operation", "CREATE")
                .put("namespace", namespace).put("dryRun", false);
        request.putObject("kind").put("group", "").put("version", "v1").put("kind", "Pod");
        request.putObject("resource").put("group", "").put("version", "v1").put("resource", "pods");
        request.putObject("userInfo").put("username", "system:serviceaccount:kube-system:replicaset-controller");
        request.set("object", pod);
        Response http = EXCHANGE.answer("inject", JSON.writeValueAsBytes(review), INJECTION);
        assertEquals(200, http.getStatus(), () -> String.valueOf(http.getEntity()));
        return assertInstanceOf(AdmissionReview.class, http.getEntity()).getResponse();
    }

    /** YAML or JSON text as YAML with sorted keys: kubectl's output and ours then compare line by line. */
    private static String canonical(String text) {
        try {
            // read as maps, not a tree: the mapper sorts a map's keys, never an ObjectNode's
            return CANONICAL.writeValueAsString(CANONICAL.readValue(text.getBytes(StandardCharsets.UTF_8), Object.class));
        } catch (IOException e) {
            throw new UncheckedIOException("not YAML: " + text, e);
        }
    }
}
