package dev.bollard.webhook.ca.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;

import dev.bollard.identity.Pem;
import dev.bollard.webhook.ca.Csrs;
import dev.bollard.webhook.ca.FakeTokenReviews;
import dev.bollard.webhook.ca.OpenSsl;
import dev.bollard.webhook.testing.RawHttps;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** The endpoint's protocol; what no caller can obtain is in {@link IdentitySafetyTest}. */
@QuarkusTest
@WithKubernetesTestServer(setup = CertificateResourceTest.Setup.class)
class CertificateResourceTest {

    public static class Setup implements Consumer<KubernetesServer> {
        @Override
        public void accept(KubernetesServer server) {
            FakeTokenReviews.install(server);
        }
    }

    @TestHTTPResource(value = "/", tls = true)
    URI base;

    static ValidatableResponse post(String token, Object body) {
        var request = given().relaxedHTTPSValidation().contentType(ContentType.JSON).body(body);
        if (token != null) {
            request = request.header("Authorization", "Bearer " + token);
        }
        return request.when().post(CertificateResource.PATH).then();
    }

    static Map<String, Object> csrBody(String csr) {
        return Map.of("csr", csr);
    }

    @Test
    void issuesTheCallersIdentityAndOpensslVerifiesTheChain() throws Exception {
        Instant before = Instant.now();
        var response = post(FakeTokenReviews.WEB, csrBody(Csrs.pem(Csrs.ec("secp256r1"), null)))
                .statusCode(200).extract();
        List<String> chain = response.path("certChain");
        String root = response.path("rootCert");

        assertEquals(1, chain.size(), "the self-signed dev root has no intermediates");
        OpenSsl.Result verify = OpenSsl.verify(root, chain);
        assertEquals(0, verify.exitCode(), verify.output());
        String text = OpenSsl.text(chain.get(0));
        assertTrue(text.contains("URI:" + FakeTokenReviews.WEB_ID), text);
        assertTrue(text.contains("TLS Web Server Authentication, TLS Web Client Authentication"), text);
        assertTrue(text.contains("CA:FALSE"), text);
        X509CertificateHolder leaf = Pem.certificateHolder(chain.get(0), "certificate");
        Duration lifetime = Duration.between(before, leaf.getNotAfter().toInstant());
        assertTrue(lifetime.compareTo(Duration.ofHours(23)) > 0 && lifetime.compareTo(Duration.ofHours(25)) < 0, lifetime.toString());
    }

    @Test
    void honoursTheRequestedValidity() {
        String leafPem = post(FakeTokenReviews.WEB, Map.of("csr", Csrs.pem(Csrs.ec("secp256r1"), null, Csrs.uri(FakeTokenReviews.WEB_ID)),
                "validitySeconds", 20)).statusCode(200).extract().path("certChain[0]");
        Duration lifetime = Duration.between(Instant.now(), Pem.certificateHolder(leafPem, "certificate").getNotAfter().toInstant());
        assertTrue(lifetime.toSeconds() <= 20 && lifetime.toSeconds() > 5, lifetime.toString());
    }

    @Test
    void refusesAMalformedCsr() {
        post(FakeTokenReviews.WEB, csrBody("not a pem")).statusCode(400)
                .body("error", equalTo("bad_request")).body("message", containsString("no PEM block found"));
    }

    @Test
    void refusesACsrFollowedByItsKeyNamingTheBlocksByLabel() {
        var key = Csrs.ec("secp256r1");
        String csrAndKey = Csrs.pem(key, null) + Pem.encode(key.getPrivate());
        post(FakeTokenReviews.WEB, csrBody(csrAndKey)).statusCode(400).body("error", equalTo("bad_request"))
                .body("message", equalTo("CSR: expected exactly one PEM 'CERTIFICATE REQUEST' block, found 2: CERTIFICATE REQUEST,"
                        + " a private key (never send it to the CA)"))
                .body(org.hamcrest.Matchers.not(containsString("PRIVATE KEY")));
    }

    @Test
    void refusesABodyThatIsNotJson() {
        post(FakeTokenReviews.WEB, "{csr").statusCode(400).body("message", containsString("not valid JSON"));
    }

    @Test
    void refusesAMissingCsrField() {
        post(FakeTokenReviews.WEB, Map.of("validitySeconds", 60)).statusCode(400).body("message", containsString("\"csr\" is required"));
    }

    @Test
    void refusesAWeakKey() {
        post(FakeTokenReviews.WEB, csrBody(Csrs.pem(Csrs.rsa(1024), null))).statusCode(400)
                .body("error", equalTo("weak_key")).body("message", containsString("RSA key of 1024 bits"));
    }

    @Test
    void refusesARequestWithoutToken() {
        post(null, csrBody(Csrs.pem(Csrs.ec("secp256r1"), null))).statusCode(401)
                .header("WWW-Authenticate", "Bearer").body("message", containsString("missing 'Authorization: Bearer"));
    }

    @Test
    void refusesBodiesOver64KiBBeforeReadingThem() throws Exception {
        String status = RawHttps.statusForAnnouncedBody(base, CertificateResource.PATH, CertificateResource.MAX_BODY_BYTES + 1);
        assertTrue(status.startsWith("HTTP/1.1 413"), status);
        post(FakeTokenReviews.WEB, csrBody("x".repeat(CertificateResource.MAX_BODY_BYTES))).statusCode(413)
                .body("error", equalTo("payload_too_large")).body("message", containsString("64 KiB"));
    }

    @Test
    void answers503WithRetryAfterWhenTheTokenCannotBeChecked() {
        post(FakeTokenReviews.API_DOWN, csrBody(Csrs.pem(Csrs.ec("secp256r1"), null))).statusCode(503)
                .header("Retry-After", "5").body("error", equalTo("unavailable"))
                .body("message", containsString("cannot check the token"));
    }

    @Test
    void countsIssuedAndRefusedRequests() {
        post(FakeTokenReviews.WEB, csrBody(Csrs.pem(Csrs.ec("secp256r1"), null))).statusCode(200);
        post(FakeTokenReviews.WEB, csrBody(Csrs.pem(Csrs.rsa(1024), null))).statusCode(400);
        String metrics = given().relaxedHTTPSValidation().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("bollard_ca_certificates_issued_total{api=\"rest\""), metrics);
        assertTrue(metrics.contains("reason=\"weak_key\""), metrics);
        assertTrue(metrics.contains("bollard_ca_tokenreview_cache_total{result=\"hit\""), metrics);
        assertTrue(metrics.contains("bollard_ca_tokenreview_in_flight"), metrics);
        assertTrue(metrics.contains("bollard_ca_crypto_provider_info{provider=\"accp\"} 1.0"), metrics);
    }

    @Test
    void caHealthGroupReportsTheLoadedWorkloadCa() {
        given().relaxedHTTPSValidation().when().get("/q/health/group/ca").then().statusCode(200)
                .body("checks.find { it.name == 'workload-ca' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'workload-ca' }.data.expires", org.hamcrest.Matchers.notNullValue());
    }
}
