package dev.bollard.webhook.admission;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The bench-only no-op admission path is absent by default: the same JSON 404 as any unknown path. */
@QuarkusTest
class NoopAdmissionResourceTest {
    static final String REVIEW = "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"u-1\"}}";

    @Test
    void isNotFoundUnlessEnabled() {
        given().relaxedHTTPSValidation().contentType(ContentType.JSON).body(REVIEW)
                .when().post(NoopAdmissionResource.PATH)
                .then().statusCode(404)
                .body("error", equalTo("not_found"));
    }
}
