package dev.bollard.webhook.inject;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class InjectResourceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String fixture(String name) throws IOException {
        try (InputStream in = InjectResourceTest.class.getResourceAsStream("/admission/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static JsonNode post(String request) {
        String body = given().relaxedHTTPSValidation().contentType(ContentType.JSON).body(request)
                .when().post("/inject").then().statusCode(200).extract().asString();
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError(body, e);
        }
    }

    private static void assertExchange(String name) throws IOException {
        assertEquals(JSON.readTree(fixture(name + "-response.json")), post(fixture(name + "-request.json")));
    }

    @Test
    void skipsHostNetworkPodsWithoutAPatch() throws IOException {
        assertExchange("inject-host-network");
    }

    @Test
    void deniesObjectsThatAreNotPods() throws IOException {
        assertExchange("inject-deployment");
    }

    @Test
    void deniesAnInvalidAnnotationNamingIt() throws IOException {
        assertExchange("inject-invalid-annotation");
    }

    @Test
    void injectsWithABase64JsonPatchEchoingTheUid() throws IOException {
        JsonNode response = post(fixture("inject-enabled-request.json")).path("response");
        assertEquals("5b2e-enabled", response.path("uid").asText());
        assertEquals("JSONPatch", response.path("patchType").asText());
        JsonNode patch = JSON.readTree(Base64.getDecoder().decode(response.path("patch").asText()));
        assertTrue(patch.isArray() && patch.size() > 0);
        String text = patch.toString();
        assertTrue(text.contains("\"path\":\"/spec/initContainers\""), text);
        assertTrue(text.contains("spiffe://cluster.local/ns/shop/sa/web"), text);
    }

    @Test
    void deniesARequestWithoutAnObject() {
        given().relaxedHTTPSValidation().contentType(ContentType.JSON)
                .body("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"u1\","
                        + "\"kind\":{\"group\":\"\",\"version\":\"v1\",\"kind\":\"Pod\"}}}")
                .when().post("/inject")
                .then().statusCode(200)
                .body("response.allowed", equalTo(false))
                .body("response.status.message", equalTo("AdmissionReview request.object is missing"));
    }

    @Test
    void podsTheApiServerWillRejectStillGetAReview() {
        given().relaxedHTTPSValidation().contentType(ContentType.JSON)
                .body("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"u3\","
                        + "\"kind\":{\"group\":\"\",\"version\":\"v1\",\"kind\":\"Pod\"},\"namespace\":\"shop\",\"object\":{\"apiVersion\":\"v1\","
                        + "\"kind\":\"Pod\",\"metadata\":{\"annotations\":{\"sidecar.istio.io/proxyImage\":null}},"
                        + "\"spec\":{\"containers\":[null,{\"image\":\"nginx\",\"ports\":[null,{\"containerPort\":99999}]}],"
                        + "\"initContainers\":[null]}}}}")
                .when().post("/inject")
                .then().statusCode(200)
                .body("response.uid", equalTo("u3"))
                .body("response.allowed", equalTo(true));
    }

    @Test
    void updatesAreAllowedUnchanged() throws IOException {
        String update = fixture("inject-enabled-request.json").replace("\"operation\":\"CREATE\"", "\"operation\":\"UPDATE\"");
        JsonNode response = post(update).path("response");
        assertEquals(true, response.path("allowed").asBoolean());
        assertTrue(response.path("patch").isMissingNode(), response.toString());
    }

    @Test
    void deniesAPodWhoseSpecIsNotAnObjectWithTheFieldThatIsWrong() {
        given().relaxedHTTPSValidation().contentType(ContentType.JSON)
                .body("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"u2\","
                        + "\"kind\":{\"group\":\"\",\"version\":\"v1\",\"kind\":\"Pod\"},\"object\":{\"apiVersion\":\"v1\","
                        + "\"kind\":\"Pod\",\"spec\":\"oops\"}}}")
                .when().post("/inject")
                .then().statusCode(200)
                .body("response.uid", equalTo("u2"))
                .body("response.allowed", equalTo(false))
                .body("response.status.code", equalTo(400))
                .body("response.status.message", org.hamcrest.Matchers.containsString("request.object is not a Pod"))
                .body("response.status.message", org.hamcrest.Matchers.containsString("spec"));
    }
}
