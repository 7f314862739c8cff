package dev.bollard.webhook.ca.api;

import static dev.bollard.webhook.ca.api.CertificateResourceTest.csrBody;
import static dev.bollard.webhook.ca.api.CertificateResourceTest.post;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;

import dev.bollard.identity.Pem;
import dev.bollard.webhook.ca.Csrs;
import dev.bollard.webhook.ca.FakeTokenReviews;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/**
 * What no caller can obtain from the CA, one behaviour per test, through the real endpoint
 * (TokenReview on the mock API server, the CSR checks, the signer). The unit-level rules are in
 * {@link dev.bollard.webhook.ca.CsrPolicyTest}, {@link dev.bollard.webhook.ca.CertificateAuthorityTest} and
 * {@link dev.bollard.webhook.ca.auth.ServiceAccountIdentityTest}.
 */
@QuarkusTest
@WithKubernetesTestServer(setup = CertificateResourceTest.Setup.class)
class IdentitySafetyTest {

    private static X509CertificateHolder leaf(String token, Map<String, Object> body) {
        String pem = post(token, body).statusCode(200).extract().path("certChain[0]");
        return Pem.certificateHolder(pem, "certificate");
    }

    private static List<String> uriSans(X509CertificateHolder certificate) {
        GeneralNames names = GeneralNames.fromExtensions(certificate.getExtensions(), Extension.subjectAlternativeName);
        return List.of(names.getNames()).stream().filter(n -> n.getTagNo() == GeneralName.uniformResourceIdentifier)
                .map(n -> n.getName().toString()).toList();
    }

    @Test
    void aTokenForServiceAccountANeverObtainsACertificateForB() {
        post(FakeTokenReviews.WEB, csrBody(Csrs.pem(Csrs.ec("secp256r1"), null, Csrs.uri(FakeTokenReviews.CART_ID))))
                .statusCode(403).body("error", equalTo("forbidden_identity"))
                .body("message", containsString("URI SAN " + FakeTokenReviews.CART_ID))
                .body("message", containsString("authenticated as " + FakeTokenReviews.WEB_ID));
        post(FakeTokenReviews.CART, csrBody(Csrs.pem(Csrs.ec("secp256r1"), FakeTokenReviews.WEB_ID)))
                .statusCode(403).body("error", equalTo("forbidden_identity"));
    }

    @Test
    void theIdentityComesFromTheTokenNeverFromTheCsr() {
        assertEquals(List.of(FakeTokenReviews.WEB_ID), uriSans(leaf(FakeTokenReviews.WEB, csrBody(Csrs.pem(Csrs.ec("secp256r1"), "cart")))));
        assertEquals(List.of(FakeTokenReviews.CART_ID), uriSans(leaf(FakeTokenReviews.CART, csrBody(Csrs.pem(Csrs.ec("secp256r1"), null)))));
    }

    @Test
    void refusesATokenForAnotherAudience() {
        post(FakeTokenReviews.OTHER_AUDIENCE, csrBody(Csrs.pem(Csrs.ec("secp256r1"), null))).statusCode(401)
                .body("error", equalTo("unauthenticated")).body("message", containsString("not valid for audience istio-ca"));
    }

    @Test
    void refusesAnExpiredToken() {
        post(FakeTokenReviews.EXPIRED, csrBody(Csrs.pem(Csrs.ec("secp256r1"), null))).statusCode(401)
                .body("error", equalTo("unauthenticated")).body("message", containsString("token has expired"));
    }

    @Test
    void refusesAUserThatIsNotAServiceAccount() {
        post(FakeTokenReviews.USER, csrBody(Csrs.pem(Csrs.ec("secp256r1"), null))).statusCode(401)
                .body("message", containsString("alice@example.com is not a ServiceAccount"));
    }

    @Test
    void refusesExtraSansNextToTheCallersOwn() {
        post(FakeTokenReviews.WEB, csrBody(Csrs.pem(Csrs.ec("secp256r1"), null, Csrs.uri(FakeTokenReviews.WEB_ID),
                Csrs.dns("web.default.svc.cluster.local")))).statusCode(403).body("error", equalTo("forbidden_identity"))
                .body("message", containsString("DNS SAN web.default.svc.cluster.local"));
    }

    @Test
    void refusesACaTrueRequest() throws Exception {
        String csr = Pem.encode(Csrs.withExtensions(Csrs.ec("secp256r1"),
                new Extension(Extension.basicConstraints, true, new BasicConstraints(true).getEncoded())));
        post(FakeTokenReviews.WEB, csrBody(csr)).statusCode(403).body("error", equalTo("forbidden_extension"))
                .body("message", containsString("CA:true"));
    }

    @Test
    void refusesAForeignKey() {
        String csr = Pem.encode(Csrs.foreignKey(Csrs.ec("secp256r1"), Csrs.ec("secp256r1")));
        post(FakeTokenReviews.WEB, csrBody(csr)).statusCode(400).body("error", equalTo("bad_request"))
                .body("message", containsString("no proof of key possession"));
    }

    @Test
    void refusesValidityAboveTheMaximum() {
        post(FakeTokenReviews.WEB, Map.of("csr", Csrs.pem(Csrs.ec("secp256r1"), null), "validitySeconds", 91L * 24 * 3600))
                .statusCode(400).body("error", equalTo("invalid_validity")).body("message", containsString("exceeds the maximum"));
    }

    @Test
    void refusesValidityBelowTheMinimum() {
        post(FakeTokenReviews.WEB, Map.of("csr", Csrs.pem(Csrs.ec("secp256r1"), null), "validitySeconds", 1))
                .statusCode(400).body("error", equalTo("invalid_validity")).body("message", containsString("below the minimum of 10s"));
    }

    @Test
    void issuesTheMinimumLifetime() {
        Instant before = Instant.now();
        X509CertificateHolder leaf = leaf(FakeTokenReviews.WEB, Map.of("csr", Csrs.pem(Csrs.ec("secp256r1"), null), "validitySeconds", 10));
        Duration lifetime = Duration.between(before, leaf.getNotAfter().toInstant());
        assertTrue(lifetime.toSeconds() >= 8 && lifetime.toSeconds() <= 11, lifetime.toString());
    }
}
