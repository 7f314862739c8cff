package dev.bollard.webhook.admission;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;

import org.junit.jupiter.api.Test;

import dev.bollard.webhook.testing.RawHttps;
import io.quarkus.test.common.http.TestHTTPResource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class AdmissionResourceTest {

    @Test
    void malformedJsonIsABadRequestWithAJsonBody() {
        given().relaxedHTTPSValidation().contentType(ContentType.JSON).body("{not json")
                .when().post("/inject")
                .then().statusCode(400)
                .body("error", equalTo("bad_request"))
                .body("message", containsString("not an AdmissionReview"));
    }

    @Test
    void wrongApiVersionIsNamed() {
        given().relaxedHTTPSValidation().contentType(ContentType.JSON)
                .body("{\"apiVersion\":\"admission.k8s.io/v1beta1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"u\"}}")
                .when().post("/validate")
                .then().statusCode(400)
                .body("message", containsString("admission.k8s.io/v1beta1"));
    }

    @Test
    void reviewWithoutRequestIsABadRequest() {
        given().relaxedHTTPSValidation().contentType(ContentType.JSON)
                .body("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\"}")
                .when().post("/inject")
                .then().statusCode(400)
                .body("message", containsString("request.uid"));
    }

    @TestHTTPResource(value = "/", tls = true)
    URI base;

    @Test
    void bodiesOverThreeMebibytesAreRefusedBeforeParsing() throws Exception {
        String response = RawHttps.announce(base, "/inject", 3L * 1024 * 1024 + 1);
        assertTrue(response.startsWith("HTTP/1.1 413"), response);
        assertTrue(response.contains("\"error\":\"payload_too_large\""), response);
    }

    @Test
    void fiveMegabyteBodiesGetTheSameJsonAnswer() throws Exception {
        String response = RawHttps.announce(base, "/validate", 5L * 1000 * 1000);
        assertTrue(response.startsWith("HTTP/1.1 413"), response);
        assertTrue(response.contains("3 MiB limit"), response);
    }

    @Test
    void unknownPathIsAJson404() {
        given().relaxedHTTPSValidation().contentType(ContentType.JSON).body("{}")
                .when().post("/nope")
                .then().statusCode(404);
    }
}
