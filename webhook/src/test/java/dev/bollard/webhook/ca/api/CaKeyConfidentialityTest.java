package dev.bollard.webhook.ca.api;

import static dev.bollard.webhook.ca.api.CertificateResourceTest.csrBody;
import static dev.bollard.webhook.ca.api.CertificateResourceTest.post;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.interfaces.ECPrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.inject.Inject;

import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.junit.jupiter.api.Test;

import dev.bollard.identity.Pem;
import dev.bollard.webhook.ca.Csrs;
import dev.bollard.webhook.ca.FakeTokenReviews;
import dev.bollard.webhook.ca.store.CaStore;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/**
 * The CA key never leaves the CA: every log record (message, parameters and stack trace), the
 * metrics page, the health pages and every response body of a run of good and hostile requests
 * are searched for the key as PEM, as base64 of its DER, as DER hex and as its bare private scalar.
 */
@QuarkusTest
@WithKubernetesTestServer(setup = CertificateResourceTest.Setup.class)
class CaKeyConfidentialityTest {

    @Inject
    CaStore store;

    /** Everything the root logger sees while the requests run. */
    private static final class Capture extends Handler {
        final StringBuilder text = new StringBuilder();

        @Override
        public synchronized void publish(LogRecord record) {
            text.append(record.getLevel()).append(' ').append(record.getLoggerName()).append(' ').append(record.getMessage()).append('\n');
            if (record.getParameters() != null) {
                for (Object parameter : record.getParameters()) {
                    text.append(parameter).append('\n');
                }
            }
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                text.append(trace).append('\n');
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    private static List<String> hostileAndOrdinaryRequests() throws Exception {
        List<String> bodies = new ArrayList<>();
        bodies.add(post(FakeTokenReviews.WEB, csrBody(Csrs.pem(Csrs.ec("secp256r1"), null))).extract().asString());
        bodies.add(post(FakeTokenReviews.WEB, csrBody(Csrs.pem(Csrs.rsa(1024), null))).extract().asString());
        bodies.add(post(FakeTokenReviews.WEB, csrBody("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n"))
                .extract().asString());
        bodies.add(post(FakeTokenReviews.WEB, csrBody(Pem.encode(Csrs.foreignKey(Csrs.ec("secp256r1"), Csrs.ec("secp256r1")))))
                .extract().asString());
        bodies.add(post(FakeTokenReviews.WEB, csrBody(Pem.encode(Csrs.withExtensions(Csrs.ec("secp256r1"),
                new Extension(Extension.basicConstraints, true, new BasicConstraints(true).getEncoded()))))).extract().asString());
        bodies.add(post(FakeTokenReviews.WEB, csrBody(Csrs.pem(Csrs.ec("secp256r1"), null, Csrs.uri(FakeTokenReviews.CART_ID))))
                .extract().asString());
        bodies.add(post(FakeTokenReviews.EXPIRED, csrBody(Csrs.pem(Csrs.ec("secp256r1"), null))).extract().asString());
        bodies.add(post(FakeTokenReviews.API_DOWN, csrBody(Csrs.pem(Csrs.ec("secp256r1"), null))).extract().asString());
        bodies.add(post(null, csrBody(Csrs.pem(Csrs.ec("secp256r1"), null))).extract().asString());
        bodies.add(post(FakeTokenReviews.WEB, "{\"csr\": 5}").extract().asString());
        bodies.add(post(FakeTokenReviews.WEB, Map.of("csr", Csrs.pem(Csrs.ec("secp256r1"), null), "validitySeconds", -1)).extract().asString());
        bodies.add(given().relaxedHTTPSValidation().when().get("/q/metrics").then().extract().asString());
        bodies.add(given().relaxedHTTPSValidation().when().get("/q/health").then().extract().asString());
        bodies.add(given().relaxedHTTPSValidation().when().get("/q/health/ready").then().extract().asString());
        return bodies;
    }

    @Test
    void theCaKeyNeverAppearsInLogsMetricsResponsesOrExceptionMessages() throws Exception {
        Capture capture = new Capture();
        capture.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        // issuances log at DEBUG: open that level for the run, so the search covers those lines too
        Logger ca = Logger.getLogger("dev.bollard.webhook.ca");
        Level caLevel = ca.getLevel();
        ca.setLevel(Level.ALL);
        root.addHandler(capture);
        List<String> bodies;
        try {
            bodies = hostileAndOrdinaryRequests();
        } finally {
            root.removeHandler(capture);
            ca.setLevel(caLevel);
        }

        var key = store.current().key();
        byte[] der = key.getEncoded();
        String pem = Pem.encode(key);
        String pemBody = pem.lines().filter(line -> !line.startsWith("-----")).reduce("", String::concat);
        List<String> forms = new ArrayList<>(List.of(pemBody, Base64.getEncoder().encodeToString(der),
                HexFormat.of().formatHex(der), HexFormat.of().withUpperCase().formatHex(der),
                pem.lines().filter(line -> !line.startsWith("-----")).findFirst().orElseThrow()));
        if (key instanceof ECPrivateKey ec) {
            BigInteger scalar = ec.getS();
            forms.add(scalar.toString(16));
            forms.add(scalar.toString());
        }

        String logs = capture.text.toString();
        assertTrue(logs.contains("issued certificate identity=" + FakeTokenReviews.WEB_ID), "the capture saw the CA's own log lines");
        assertTrue(logs.contains("refused certificate request"), "and its refusals");
        for (String form : forms) {
            assertFalse(logs.contains(form), "a log record holds the CA key");
            for (String body : bodies) {
                assertFalse(body.contains(form), "a response holds the CA key: " + body.substring(0, Math.min(200, body.length())));
            }
        }
    }
}
