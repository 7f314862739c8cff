package dev.bollard.webhook.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

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
        }
        assertTrue(answer.path("warnings").size() <= PolicyReport.MAX_LISTED + 1, "warnings stay bounded");
    }
}
