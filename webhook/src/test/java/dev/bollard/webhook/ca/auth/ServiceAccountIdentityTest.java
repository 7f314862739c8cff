package dev.bollard.webhook.ca.auth;

import dev.bollard.identity.SpiffeId;
import dev.bollard.identity.TrustDomain;
import dev.bollard.webhook.ca.CaConfig;
import dev.bollard.webhook.ca.CaMetrics;
import dev.bollard.webhook.ca.Refusal;
import dev.bollard.webhook.ca.TestCaConfig;

import static dev.bollard.webhook.ca.Refusals.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
        }, TestCaConfig.files(dir).withStaticTokenFile(file), metrics());

        assertEquals(SpiffeId.parse("spiffe://cluster.local/ns/shop/sa/cart"), identity.authenticate("Bearer other").id());
        assertRefused(Refusal.UNAUTHENTICATED, "not in the static token file", () -> identity.authenticate("Bearer nope"));
    }

    @Test
    void aMalformedStaticTokenLineIsNamedAndTheOtherLinesStillWork() throws Exception {
        StaticTokens tokens = StaticTokens.parse("ok,default,web\nbroken-line\n,shop,cart\nlast,shop,cart\n", "tokens.csv");
        assertEquals(List.of("tokens.csv line 2: expected 'token,namespace,serviceaccount' with three non-empty fields, found 1 field; line skipped",
                "tokens.csv line 3: expected 'token,namespace,serviceaccount' with three non-empty fields, found 3 fields; line skipped"),
                tokens.problems());
        assertEquals(Optional.of(SpiffeId.parse("spiffe://cluster.local/ns/shop/sa/cart")), tokens.identity("last", CLUSTER));

        Path file = Files.writeString(dir.resolve("tokens.csv"), "ok,default,web\nbroken-line\n");
        ServiceAccountIdentity identity = new ServiceAccountIdentity(review -> {
            throw new AssertionError("not used");
        }, TestCaConfig.files(dir).withStaticTokenFile(file), metrics());
        assertEquals("spiffe://cluster.local/ns/default/sa/web", identity.authenticate("Bearer ok").id().toString());
        assertRefused(Refusal.UNAUTHENTICATED, "1 malformed line(s) skipped", () -> identity.authenticate("Bearer broken-line"));
    }

    @Test
    void aStaticTokenLineNamingAnImpossibleServiceAccountIsSkipped() {
        StaticTokens tokens = StaticTokens.parse("bad,default ns,web\n", "tokens.csv");
        assertEquals(1, tokens.problems().size());
        assertTrue(tokens.problems().get(0).startsWith("tokens.csv line 1: "), tokens.problems().toString());
        assertEquals(Optional.empty(), tokens.identity("bad", CLUSTER));
    }

    @Test
    void aMissingStaticTokenFileIsA503NamingIt() {
        Path missing = dir.resolve("absent.csv");
        ServiceAccountIdentity identity = new ServiceAccountIdentity(review -> {
            throw new AssertionError("not used");
        }, TestCaConfig.files(dir).withStaticTokenFile(missing), metrics());
        assertRefused(Refusal.UNAVAILABLE, "static token file " + missing + " does not exist", () -> identity.authenticate("Bearer ok"));
    }

    @Test
    void anEditedStaticTokenFileIsReadAgain() throws Exception {
        Path file = Files.writeString(dir.resolve("tokens.csv"), "one,default,web\n");
        ServiceAccountIdentity identity = new ServiceAccountIdentity(review -> {
            throw new AssertionError("not used");
        }, TestCaConfig.files(dir).withStaticTokenFile(file), metrics());
        assertEquals("spiffe://cluster.local/ns/default/sa/web", identity.authenticate("Bearer one").id().toString());
        Files.writeString(file, "two,shop,cart\n# one was revoked\n");
        assertEquals("spiffe://cluster.local/ns/shop/sa/cart", identity.authenticate("Bearer two").id().toString());
        assertRefused(Refusal.UNAUTHENTICATED, "not in the static token file", () -> identity.authenticate("Bearer one"));
    }

    @Test
    void unreachableApiServerIsUnavailableWithinSeconds() {
        KubernetesClient nowhere = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder().withMasterUrl("https://127.0.0.1:1").withTrustCerts(true).build()).build();
        ServiceAccountIdentity identity = new ServiceAccountIdentity(nowhere, new TestCaConfig(CaConfig.Store.SECRET, dir, dir, Optional.empty()), metrics());
        Instant start = Instant.now();
        // refused at once, or (on a loaded machine) by the 1.5 s bound: either way a 503 within 2 s
        assertRefused(Refusal.UNAVAILABLE, "cannot check the token", () -> identity.authenticate("Bearer some-token"));
        assertTrue(Duration.between(start, Instant.now()).toMillis() < 2000, "answered within 2 s");
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

        status.getUser().setUsername(null);
        assertRefused(Refusal.UNAUTHENTICATED, "is not a ServiceAccount", () -> ServiceAccountIdentity.fromReview(status, "istio-ca", CLUSTER));
    }

    static CaMetrics metrics() {
        return new CaMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    }
}
