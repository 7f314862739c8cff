package dev.bollard.webhook.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** /q/metrics in Prometheus text after real admission calls. */
@QuarkusTest
class MetricsResourceTest {

    @Test
    void admissionCallIsCountedByWebhookOutcomeAndReason() {
        given().relaxedHTTPSValidation().contentType(ContentType.JSON).body(fixture("ops/pod-create-review.json"))
                .when().post("/inject").then().statusCode(200);
        given().relaxedHTTPSValidation().when().get("/q/metrics").then().statusCode(200)
                .body(matchesPattern("(?s).*bollard_admission_requests_total\\{[^}]*outcome=\"(allowed|patched)\"[^}]*"
                        + "webhook=\"inject\"[^}]*} [1-9].*"));
    }

    @Test
    void skippedPodIsCountedWithItsSkipReason() {
        given().relaxedHTTPSValidation().contentType(ContentType.JSON).body(fixture("admission/inject-host-network-request.json"))
                .when().post("/inject").then().statusCode(200);
        given().relaxedHTTPSValidation().when().get("/q/metrics").then().statusCode(200)
                .body(matchesPattern("(?s).*bollard_admission_requests_total\\{outcome=\"allowed\",reason=\"host_network\","
                        + "webhook=\"inject\"} [1-9].*"));
    }

    @Test
    void latencyIsAHistogramWithBuckets() {
        given().relaxedHTTPSValidation().contentType(ContentType.JSON).body(fixture("ops/pod-create-review.json"))
                .when().post("/validate").then().statusCode(200);
        given().relaxedHTTPSValidation().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("bollard_admission_duration_seconds_bucket{"))
                .body(matchesPattern("(?s).*bollard_admission_duration_seconds_bucket\\{[^}]*webhook=\"validate\",le=\"0\\.005\"}.*"))
                .body(matchesPattern("(?s).*bollard_admission_duration_seconds_count\\{[^}]*webhook=\"validate\"} [1-9].*"));
    }

    @Test
    void badBodiesAreCountedAsErrors() {
        given().relaxedHTTPSValidation().contentType(ContentType.JSON).body("{not json")
                .when().post("/inject").then().statusCode(400);
        given().relaxedHTTPSValidation().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("bollard_admission_requests_total{outcome=\"error\",reason=\"bad_request\",webhook=\"inject\"}"));
    }

    @Test
    void servingCertificateExpiryIsAGaugeInSeconds() {
        given().relaxedHTTPSValidation().when().get("/q/metrics").then().statusCode(200)
                .body(matchesPattern("(?s).*\\nbollard_serving_certificate_expiry_seconds [1-9][0-9.E]*\\n.*"))
                .body(containsString("bollard_ca_certificate_expiry_seconds"));
    }

    private static String fixture(String path) {
        try (InputStream in = MetricsResourceTest.class.getClassLoader().getResourceAsStream(path)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("read fixture " + path, e);
        }
    }
}
