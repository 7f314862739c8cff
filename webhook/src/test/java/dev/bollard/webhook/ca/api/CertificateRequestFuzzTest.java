package dev.bollard.webhook.ca.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bollard.identity.CertificateChains;
import dev.bollard.identity.CertificateIdentity;
import dev.bollard.identity.Pem;
import dev.bollard.identity.SpiffeId;
import dev.bollard.webhook.ca.CaBundle;
import dev.bollard.webhook.ca.CaMetrics;
import dev.bollard.webhook.ca.CaRefusedException;
import dev.bollard.webhook.ca.CertificateAuthority;
import dev.bollard.webhook.ca.IssuedCertificate;
import dev.bollard.webhook.ca.Refusal;
import dev.bollard.webhook.ca.TestCaConfig;
import dev.bollard.webhook.ca.TestCas;
import dev.bollard.webhook.ca.auth.ServiceAccountIdentity;
import dev.bollard.webhook.ca.auth.TokenReviewClient;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The CA's request handler fed what a pod holding a valid token for {@code default/web} could
 * send (seeds in {@code CertificateRequestFuzzTestInputs/}: openssl CSRs, EC and RSA, with the
 * caller's SAN, another identity's, none, and CA:true). Every request ends in a certificate for
 * exactly the caller's SPIFFE ID that chains to the root, or in a {@link CaRefusedException} with
 * a message; never in another exception (a 500), never in another identity.
 */
class CertificateRequestFuzzTest {
    private static final String TOKEN = "Bearer web-token";
    private static final SpiffeId CALLER = SpiffeId.parse("spiffe://cluster.local/ns/default/sa/web");
    private static final CaBundle BUNDLE = TestCas.selfSigned(Duration.ofDays(30));
    private static final CaMetrics METRICS = new CaMetrics(new SimpleMeterRegistry());
    private static final CertificateIssuer ISSUER = issuer();
    private static final CertificateExchange EXCHANGE = new CertificateExchange(new ObjectMapper(), ISSUER);

    @FuzzTest(maxDuration = "60s")
    void anyRequestBodyGetsACertificateOrARefusal(byte[] body) {
        CertificateResource.CertificateResponse response;
        try {
            response = EXCHANGE.issue(TOKEN, body);
        } catch (CaRefusedException refused) {
            expectExplained(refused);
            return;
        }
        expectCallersCertificate(response.certChain(), response.rootCert());
    }

    @FuzzTest(maxDuration = "60s")
    void anyCsrGetsACertificateOrARefusal(byte[] der) {
        String pem = "-----BEGIN CERTIFICATE REQUEST-----\n" + Base64.getMimeEncoder().encodeToString(der)
                + "\n-----END CERTIFICATE REQUEST-----\n";
        IssuedCertificate issued;
        try {
            issued = ISSUER.issue(TOKEN, pem, null, CertificateIssuer.REST);
        } catch (CaRefusedException refused) {
            expectExplained(refused);
            return;
        }
        expectCallersCertificate(issued.chainPems(), issued.rootPem());
    }

    private static void expectExplained(CaRefusedException refused) {
        assertFalse(refused.getMessage() == null || refused.getMessage().isBlank(), "a refusal says why");
        assertNotEquals(Refusal.UNAVAILABLE, refused.reason(), "the CA is loaded: " + refused.getMessage());
    }

    private static void expectCallersCertificate(List<String> chainPems, String rootPem) {
        List<X509Certificate> chain = new ArrayList<>();
        chainPems.forEach(pem -> chain.addAll(Pem.certificates(pem, "chain")));
        X509Certificate root = Pem.certificate(rootPem, "root");
        CertificateChains.verify(chain, List.of(root), Instant.now());
        CertificateChains.requireEndEntity(chain.get(0));
        assertEquals(CALLER, CertificateIdentity.of(chain.get(0)), "the certificate names the caller, whatever the CSR asked");
    }

    private static CertificateIssuer issuer() {
        // the API server's answer for the one token the fuzzer holds; any other token is unknown
        TokenReviewClient reviews = review -> {
            TokenReviewBuilder answer = new TokenReviewBuilder(review);
            if (!"web-token".equals(review.getSpec().getToken())) {
                return answer.withNewStatus().withAuthenticated(false).withError("invalid bearer token").endStatus().build();
            }
            return answer.withNewStatus().withAuthenticated(true).withAudiences("istio-ca").withNewUser()
                    .withUsername("system:serviceaccount:default:web").endUser().endStatus().build();
        };
        TestCaConfig config = TestCaConfig.secret(Path.of("target", "no-cacerts"));
        CertificateAuthority ca = new CertificateAuthority(() -> BUNDLE, Clock.systemUTC(), config.defaultTtl(), config.maxTtl());
        return new CertificateIssuer(new ServiceAccountIdentity(reviews, config, METRICS), ca, METRICS);
    }
}
