package dev.bollard.webhook.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** The worst 3 MiB policies through POST /validate: each fits the API server's limit and gets its decision, never a 500. */
@QuarkusTest
class PolicyWorstCaseResourceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource(value = "/", tls = true)
    URI base;

    static List<WorstCasePolicies.Case> cases() {
        return WorstCasePolicies.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decidesTheWorstInputsWeCanBuild(WorstCasePolicies.Case c) throws Exception {
        String body = PolicyAdmissionResourceTest.review("CREATE", c.object()).toString();
        assertTrue(body.length() <= 3 * 1024 * 1024, c.name() + " must fit the API server's request limit");
        // the JDK client: REST Assured logs bodies and runs out of memory on these
        HttpResponse<String> response = TrustingClient.post(base.resolve("/validate"), body, Duration.ofSeconds(60));
        assertEquals(200, response.statusCode(), () -> response.body().substring(0, Math.min(500, response.body().length())));
        JsonNode answer = JSON.readTree(response.body()).path("response");
        assertEquals(c.allowed(), answer.path("allowed").asBoolean(), () -> answer.path("status").path("message").asText());
        if (!c.allowed()) {
            assertEquals(PolicyAdmission.INVALID, answer.path("status").path("code").asInt());
            assertTrue(answer.path("status").path("message").asText().contains(c.fragment()), c.name());
        } else if (!c.fragment().isEmpty()) {
            assertTrue(answer.path("warnings").toString().contains(c.fragment()), c.name());
        }
        assertTrue(answer.path("warnings").size() <= PolicyReport.MAX_LISTED + 1, "warnings stay bounded");
    }

    /**
     * Jackson's StreamReadConstraints bound what a review may hold: a field name over 50,000
     * characters, a number over 1,000 digits (and nesting over 1,000, see PolicyAdmissionResourceTest)
     * are a 400 with a JSON reason before any check runs.
     */
    @ParameterizedTest
    @ValueSource(strings = {"name", "number"})
    void valuesOverTheParserLimitsAreABadRequest(String what) throws Exception {
        String value = what.equals("name") ? "{\"" + "k".repeat(60_000) + "\": \"v\"}" : "1".repeat(2_000);
        String body = "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"u\","
                + "\"kind\":{\"group\":\"security.istio.io\",\"version\":\"v1\",\"kind\":\"PeerAuthentication\"},"
                + "\"operation\":\"CREATE\",\"namespace\":\"prod\",\"name\":\"limits\","
                + "\"object\":{\"apiVersion\":\"security.istio.io/v1\",\"kind\":\"PeerAuthentication\","
                + "\"metadata\":{\"name\":\"limits\"},\"spec\":{\"selector\":{\"matchLabels\":" + value + "}}}}}";
        HttpResponse<String> response = TrustingClient.post(base.resolve("/validate"), body, Duration.ofSeconds(60));
        assertEquals(400, response.statusCode(), response.body());
        JsonNode error = JSON.readTree(response.body());
        assertEquals("bad_request", error.path("error").asText());
        assertTrue(error.path("message").asText().contains("exceeds the maximum"), response.body());
    }
}
