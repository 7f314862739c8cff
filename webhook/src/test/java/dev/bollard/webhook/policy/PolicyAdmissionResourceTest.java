package dev.bollard.webhook.policy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bollard.webhook.testing.RawHttps;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** The policy table and the hostile bodies, through POST /validate over TLS. */
@QuarkusTest
class PolicyAdmissionResourceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource(value = "/", tls = true)
    URI base;

    static List<PolicyCases.Case> cases() {
        return PolicyCases.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void answersEachCaseWithTheExpectedDecision(PolicyCases.Case c) {
        JsonPath response = post(review("CREATE", c.object()));
        PolicyCases.Expected expected = c.expected();
        assertEquals(c.object().path("metadata").path("name").asText() + "-uid", response.getString("response.uid"));
        assertEquals(expected.allowed(), response.getBoolean("response.allowed"));
        if (!expected.allowed()) {
            assertEquals(422, response.getInt("response.status.code"));
            assertEquals(describe(c.object()) + " is invalid: " + String.join("; ", expected.violations()),
                    response.getString("response.status.message"));
        }
        List<String> warnings = response.getList("response.warnings", String.class);
        assertEquals(expected.warnings(), warnings == null ? List.of() : warnings);
    }

    @Test
    void updatesAreValidatedLikeCreates() {
        JsonPath response = post(review("UPDATE", fixture("pa-port-zero")));
        assertEquals(false, response.getBoolean("response.allowed"));
        assertEquals("PeerAuthentication prod/ratings is invalid: spec.portLevelMtls[0]: port must not be 0",
                response.getString("response.status.message"));
    }

    @Test
    void allowsWhatIstiodAcceptsAndReturnsOurDoubtsAsWarnings() {
        JsonPath response = post(review("CREATE", fixture("ap-spire-principals")));
        assertEquals(true, response.getBoolean("response.allowed"));
        assertTrue(response.getMap("response.status") == null, "no status on an allow");
        List<String> warnings = response.getList("response.warnings", String.class);
        assertEquals(3, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("spec.rules[0].from[0].source.principals[0]: "), warnings.get(0));
        assertTrue(warnings.get(2).startsWith("spec.rules[0].from[1].source.namespaces[0]: \"Prod\""), warnings.get(2));
    }

    @Test
    void admitsIstio130TrustDomains() {
        JsonPath response = post(review("CREATE", fixture("ap-trust-domains")));
        assertEquals(true, response.getBoolean("response.allowed"));
        JsonPath malformed = post(review("CREATE", fixture("ap-trust-domains-malformed")));
        assertEquals(false, malformed.getBoolean("response.allowed"));
        assertTrue(malformed.getString("response.status.message").contains(
                "spec.rules[0].from[0].source.trustDomains[1]: \"spiffe://cluster.local\" is not a trust domain"),
                malformed.getString("response.status.message"));
    }

    @Test
    void deletesAreAllowedWithoutLookingAtTheObject() {
        JsonPath response = post(review("DELETE", fixture("pa-port-zero")));
        assertEquals(true, response.getBoolean("response.allowed"));
    }

    @Test
    void specThatIsAStringIsDeniedWithAClearMessage() {
        JsonPath response = post(review("CREATE", fixture("pa-spec-string")));
        assertEquals(false, response.getBoolean("response.allowed"));
        assertEquals("PeerAuthentication prod/default is invalid: spec: must be an object, found a string",
                response.getString("response.status.message"));
    }

    @Test
    void malformedJsonIsABadRequestNotAServerError() {
        given().relaxedHTTPSValidation().contentType(ContentType.JSON)
                .body("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":")
                .when().post("/validate")
                .then().statusCode(400)
                .body("error", equalTo("bad_request"))
                .body("message", containsString("not an AdmissionReview"));
    }

    @Test
    void deeplyNestedJsonIsRefusedByTheParserLimit() throws Exception {
        int depth = 100_000;
        String body = "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"u\","
                + "\"object\":{\"apiVersion\":\"security.istio.io/v1\",\"kind\":\"PeerAuthentication\",\"spec\":"
                + "[".repeat(depth) + "]".repeat(depth) + "}}}";
        // sent with the JDK client: REST Assured pretty-prints bodies and runs out of memory on this one
        HttpResponse<String> response = TrustingClient.post(base.resolve("/validate"), body, Duration.ofSeconds(20));
        assertEquals(400, response.statusCode(), response.body());
        JsonNode error = JSON.readTree(response.body());
        assertEquals("bad_request", error.path("error").asText());
        assertTrue(error.path("message").asText().contains("nesting depth"), response.body());
    }

    @Test
    void deeplyNestedSpecWithinTheLimitIsDeniedNotCrashed() throws Exception {
        int depth = 500;
        String body = "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"u\","
                + "\"kind\":{\"group\":\"security.istio.io\",\"version\":\"v1\",\"kind\":\"PeerAuthentication\"},"
                + "\"operation\":\"CREATE\",\"namespace\":\"prod\",\"name\":\"deep\","
                + "\"object\":{\"apiVersion\":\"security.istio.io/v1\",\"kind\":\"PeerAuthentication\","
                + "\"metadata\":{\"name\":\"deep\",\"namespace\":\"prod\"},\"spec\":{\"mtls\":"
                + "[".repeat(depth) + "]".repeat(depth) + "}}}}";
        HttpResponse<String> response = TrustingClient.post(base.resolve("/validate"), body, Duration.ofSeconds(20));
        assertEquals(200, response.statusCode(), response.body());
        JsonNode answer = JSON.readTree(response.body()).path("response");
        assertEquals(false, answer.path("allowed").asBoolean());
        assertEquals("PeerAuthentication prod/deep is invalid: spec.mtls: must be an object, found a list",
                answer.path("status").path("message").asText());
    }

    @Test
    void fiveMegabyteBodiesAreRefusedBeforeParsing() throws Exception {
        String status = RawHttps.statusForAnnouncedBody(base, "/validate", 5L * 1024 * 1024);
        assertTrue(status.startsWith("HTTP/1.1 413"), status);
    }

    @Test
    void unknownKindsAreAllowedUntouched() {
        ObjectNode review = review("CREATE", fixture("skip-request-authentication"));
        JsonPath response = post(review);
        assertEquals(true, response.getBoolean("response.allowed"));
        assertEquals((Object) null, response.get("response.patch"));
    }

    @Test
    void reviewWithoutObjectForAPolicyIsDenied() {
        ObjectNode review = review("CREATE", fixture("pa-strict-namespace"));
        ((ObjectNode) review.get("request")).remove("object");
        given().relaxedHTTPSValidation().contentType(ContentType.JSON).body(review.toString())
                .when().post("/validate")
                .then().statusCode(200)
                .body("response.allowed", equalTo(false))
                .body("response.status.message", containsString("request.object is missing"))
                .body("response.warnings", nullValue());
    }

    private static JsonNode fixture(String name) {
        return cases().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow().object();
    }

    /** An admission.k8s.io/v1 review as the API server sends it for {@code object}. */
    static ObjectNode review(String operation, JsonNode object) {
        ObjectNode review = JSON.createObjectNode().put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
        ObjectNode request = review.putObject("request");
        String apiVersion = object.path("apiVersion").asText();
        String group = apiVersion.substring(0, apiVersion.indexOf('/'));
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        String kind = object.path("kind").asText();
        request.put("uid", object.path("metadata").path("name").asText() + "-uid");
        request.putObject("kind").put("group", group).put("version", version).put("kind", kind);
        request.putObject("resource").put("group", group).put("version", version).put("resource", kind.toLowerCase() + "s");
        request.put("namespace", object.path("metadata").path("namespace").asText());
        request.put("name", object.path("metadata").path("name").asText());
        request.put("operation", operation);
        request.putObject("userInfo").put("username", "alice");
        request.set("object", object);
        return review;
    }

    private static JsonPath post(ObjectNode review) {
        return given().relaxedHTTPSValidation().contentType(ContentType.JSON).body(review.toString())
                .when().post("/validate")
                .then().statusCode(200).contentType(ContentType.JSON)
                .extract().jsonPath();
    }

    private static String describe(JsonNode object) {
        return object.path("kind").asText() + " " + object.path("metadata").path("namespace").asText() + "/"
                + object.path("metadata").path("name").asText();
    }
}
