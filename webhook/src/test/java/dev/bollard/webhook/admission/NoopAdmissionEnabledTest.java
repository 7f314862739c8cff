package dev.bollard.webhook.admission;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** With bollard.bench.noop-path=true (as scripts/bench.sh starts it) the no-op path answers. */
@QuarkusTest
@TestProfile(NoopAdmissionEnabledTest.Enabled.class)
class NoopAdmissionEnabledTest {

    @Test
    void answersAFixedAllowedReviewWithoutParsingTheBody() {
        given().relaxedHTTPSValidation().contentType(ContentType.JSON).body("{not even json")
                .when().post(NoopAdmissionResource.PATH)
                .then().statusCode(200)
                .body("kind", equalTo("AdmissionReview"))
                .body("response.allowed", equalTo(true));
    }

    @Test
    void refusesBodiesOverTheAdmissionLimitLikeInject() {
        given().relaxedHTTPSValidation().contentType(ContentType.JSON).body(new byte[3 * 1024 * 1024 + 1])
                .when().post(NoopAdmissionResource.PATH)
                .then().statusCode(413)
                .body("error", equalTo("payload_too_large"));
    }

    public static class Enabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("bollard.bench.noop-path", "true");
        }
    }
}
