package dev.bollard.webhook.ca;

import dev.bollard.identity.TrustDomain;

import dev.bollard.identity.SpiffeId;

import static dev.bollard.webhook.ca.CsrPolicyTest.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

class ServiceAccountIdentityTest {
    private static final TrustDomain CLUSTER = new TrustDomain("cluster.local");

    @TempDir
    Path dir;

    @Test
    void readsTheBearerToken() {
        assertEquals("abc.def", ServiceAccountIdentity.bearerToken("Bearer abc.def"));
        assertEquals("abc", ServiceAccountIdentity.bearerToken("bearer   abc "));
        assertRefused(Refusal.UNAUTHENTICATED, "must be 'Bearer <token>'", () -> ServiceAccountIdentity.bearerToken("Basic dXNlcg=="));
        assertRefused(Refusal.UNAUTHENTICATED, "missing", () -> ServiceAccountIdentity.bearerToken(null));
    }

    @Test
    void staticTokenFileMapsTokensToServiceAccounts() throws Exception {
        Path file = Files.writeString(dir.resolve("tokens.csv"), "# dev tokens\n\ndemo-token,default,web\nother,shop,cart\n");
        ServiceAccountIdentity identity = new ServiceAccountIdentity(review -> {
            throw new AssertionError("a configured static token file replaces TokenReview");
        }, TestCaConfig.files(dir).withStaticTokenFile(file));

        assertEquals(SpiffeId.parse("spiffe://cluster.local/ns/shop/sa/cart"), identity.authenticate("Bearer other").id());
        assertRefused(Refusal.UNAUTHENTICATED, "not in the static token file", () -> identity.authenticate("Bearer nope"));
    }

    @Test
    void malformedStaticTokenLinesAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StaticTokens.parse("ok,default,web\nbroken-line\n", "tokens.csv"));
        assertTrue(e.getMessage().contains("tokens.csv line 2"), e.getMessage());
    }

    @Test
    void unreachableApiServerIsUnavailableWithinSeconds() {
        KubernetesClient nowhere = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder().withMasterUrl("https://127.0.0.1:1").withTrustCerts(true).build()).build();
        ServiceAccountIdentity identity = new ServiceAccountIdentity(nowhere, new TestCaConfig(CaConfig.Store.SECRET, dir, dir, Optional.empty()));
        Instant start = Instant.now();
        assertRefused(Refusal.UNAVAILABLE, "API server unreachable", () -> identity.authenticate("Bearer some-token"));
        assertTrue(Duration.between(start, Instant.now()).toSeconds() < 10, "answered in seconds");
    }

    @Test
    void passesOnlyServiceAccountUsersOfTheRightAudience() {
        var status = new io.fabric8.kubernetes.api.model.authentication.TokenReviewStatusBuilder().withAuthenticated(true)
                .withAudiences("istio-ca").withNewUser().withUsername("system:serviceaccount:shop:cart").endUser().build();
        Caller caller = ServiceAccountIdentity.fromReview(status, "istio-ca", CLUSTER);
        assertEquals("spiffe://cluster.local/ns/shop/sa/cart", caller.id().toString());
        assertEquals("pod=unknown", caller.podDescription());

        status.getUser().setUsername("system:serviceaccount:shop");
        assertRefused(Refusal.UNAUTHENTICATED, "is not a ServiceAccount", () -> ServiceAccountIdentity.fromReview(status, "istio-ca", CLUSTER));
    }
}
