package dev.bollard.webhook.ca.auth;

import static dev.bollard.webhook.ca.Refusals.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import dev.bollard.webhook.ca.CaMetrics;
import dev.bollard.webhook.ca.FakeTokenReviews;
import dev.bollard.webhook.ca.HungApiServer;
import dev.bollard.webhook.ca.Refusal;

/**
 * TokenReviews bounded, reused and coalesced: against the fabric8 mock API server, a socket that
 * accepts and never answers, and counting fakes.
 */
@EnableKubernetesMockClient
class TokenReviewsTest {
    private static final TokenReviews.Limits DEFAULTS = new TokenReviews.Limits(16, 64, Duration.ofMillis(1500),
            Duration.ofSeconds(60), Duration.ofSeconds(5), 10_000);

    KubernetesMockServer server;
    KubernetesClient client;

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final ExecutorService callers = Executors.newCachedThreadPool();

    @AfterEach
    void stopCallers() {
        callers.shutdownNow();
    }

    private TokenReviews reviews(TokenReviewClient api, TokenReviews.Limits limits) {
        return new TokenReviews(api, "istio-ca", limits, Clock.systemUTC(), new CaMetrics(registry));
    }

    private static TokenReview authenticated(TokenReview request) {
        return new TokenReviewBuilder(request).withNewStatus().withAuthenticated(true).withAudiences("istio-ca")
                .withNewUser().withUsername("system:serviceaccount:default:web").endUser().endStatus().build();
    }

    private static TokenReview rejected(TokenReview request) {
        return new TokenReviewBuilder(request).withNewStatus().withAuthenticated(false).withError("token has expired").endStatus().build();
    }

    private double cache(String result) {
        var counter = registry.find(CaMetrics.TOKEN_REVIEW_CACHE).tag("result", result).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aVerdictFromTheApiServerIsReusedForTheSameToken() {
        server.expect().post().withPath(FakeTokenReviews.PATH).andReturn(201, authenticated(new TokenReview())).always();
        // a generous timeout: this test is about reuse, and the first call also builds the client
        TokenReviews reviews = reviews(TokenReviewClient.withTimeout(client, Duration.ofSeconds(10), 16),
                new TokenReviews.Limits(16, 64, Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(5), 100));

        assertTrue(reviews.review("web-token").getAuthenticated());
        assertTrue(reviews.review("web-token").getAuthenticated());

        assertEquals(1, server.getRequestCount(), "one TokenReview for two requests with one token");
        assertEquals(1, cache("hit"));
        assertEquals(1, cache("miss"));
    }

    @Test
    void identicalTokensArrivingTogetherCostOneTokenReview() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        TokenReviews reviews = reviews(request -> {
            calls.incrementAndGet();
            await(release);
            return authenticated(request);
        }, DEFAULTS);

        List<CompletableFuture<Boolean>> waiting = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            waiting.add(CompletableFuture.supplyAsync(() -> reviews.review("same-token").getAuthenticated(), callers));
        }
        Thread.sleep(200); // let all twenty join the one call
        release.countDown();
        for (CompletableFuture<Boolean> answer : waiting) {
            assertTrue(answer.get(5, TimeUnit.SECONDS));
        }
        assertEquals(1, calls.get());
    }

    @Test
    void aRejectionIsReusedOnlyBriefly() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        TokenReviews reviews = reviews(request -> {
            calls.incrementAndGet();
            return rejected(request);
        }, new TokenReviews.Limits(16, 64, Duration.ofMillis(1500), Duration.ofSeconds(60), Duration.ofMillis(200), 100));

        assertFalse(reviews.review("bad-token").getAuthenticated());
        assertFalse(reviews.review("bad-token").getAuthenticated());
        assertEquals(1, calls.get());
        Thread.sleep(400);
        reviews.review("bad-token");
        assertEquals(2, calls.get(), "the rejection expired and the token was checked again");
    }

    @Test
    void anAuthenticationIsNeverReusedBeyondHalfTheTokensRemainingLife() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        TokenReviews reviews = reviews(request -> {
            calls.incrementAndGet();
            return authenticated(request);
        }, DEFAULTS);
        String token = jwtExpiringAt(Instant.now().plusSeconds(2));

        reviews.review(token);
        reviews.review(token);
        assertEquals(1, calls.get());
        Thread.sleep(1300); // past half of the 2 s left, far below the 60 s cache TTL
        reviews.review(token);
        assertEquals(2, calls.get());
    }

    @Test
    void theApiServersExpirationTimestampBoundsTheReuse() {
        AtomicInteger calls = new AtomicInteger();
        TokenReviews reviews = reviews(request -> {
            calls.incrementAndGet();
            TokenReview answer = authenticated(request);
            answer.getStatus().setAdditionalProperty("expirationTimestamp", Instant.now().minusSeconds(1).toString());
            return answer;
        }, DEFAULTS);

        reviews.review("expiring-token");
        reviews.review("expiring-token");
        assertEquals(2, calls.get(), "an expired token's verdict is not reused");
    }

    @Test
    void anApiServerFailureIsNotCached() {
        AtomicInteger calls = new AtomicInteger();
        TokenReviews reviews = reviews(request -> {
            if (calls.incrementAndGet() == 1) {
                throw new KubernetesClientException("etcd is unavailable", 503, null);
            }
            return authenticated(request);
        }, DEFAULTS);

        assertRefused(Refusal.UNAVAILABLE, "cannot check the token: HTTP 503", () -> reviews.review("web-token"));
        assertTrue(reviews.review("web-token").getAuthenticated());
    }

    @Test
    void aFullQueueIsA503AtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        TokenReviews reviews = reviews(request -> {
            await(release);
            return authenticated(request);
        }, new TokenReviews.Limits(1, 1, Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(5), 100));
        try {
            CompletableFuture.runAsync(() -> reviews.review("first"), callers);
            CompletableFuture.runAsync(() -> reviews.review("second"), callers);
            Thread.sleep(200);

            Instant start = Instant.now();
            assertRefused(Refusal.UNAVAILABLE, "too many token checks", () -> reviews.review("third"));
            assertTrue(Duration.between(start, Instant.now()).toMillis() < 500, "refused without waiting");
        } finally {
            release.countDown();
        }
    }

    @Test
    void inFlightReviewsAreAGauge() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        TokenReviews reviews = reviews(request -> {
            await(release);
            return authenticated(request);
        }, DEFAULTS);
        try {
            CompletableFuture.runAsync(() -> reviews.review("a"), callers);
            CompletableFuture.runAsync(() -> reviews.review("b"), callers);
            Thread.sleep(200);
            assertEquals(2, registry.get(CaMetrics.TOKEN_REVIEWS_IN_FLIGHT).gauge().value());
        } finally {
            release.countDown();
        }
    }

    @Test
    void theCacheKeyIsTheTokensSha256NeverTheToken() {
        TokenKey key = TokenKey.of("secret-token");
        assertEquals(64, key.sha256().length());
        assertFalse(key.toString().contains("secret-token"), key.toString());
        assertEquals(TokenKey.of("secret-token"), key);
        assertFalse(key.equals(TokenKey.of("secret-token2")));
    }

    @Test
    void aHungApiServerIsA503WithinTwoSecondsAndGetsAtMostTheCappedConnections() throws Exception {
        try (HungApiServer hung = new HungApiServer()) {
            KubernetesClient toHung = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                    .withMasterUrl("http://127.0.0.1:" + hung.port()).build()).build();
            int cap = 4;
            TokenReviews reviews = reviews(TokenReviewClient.withTimeout(toHung, Duration.ofMillis(1000), cap),
                    new TokenReviews.Limits(cap, 8, Duration.ofMillis(1000), Duration.ofSeconds(60), Duration.ofSeconds(5), 100));

            List<CompletableFuture<Long>> requests = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                String token = "token-" + i;
                requests.add(CompletableFuture.supplyAsync(() -> {
                    Instant start = Instant.now();
                    assertRefused(Refusal.UNAVAILABLE, "cannot check the token", () -> reviews.review(token));
                    return Duration.between(start, Instant.now()).toMillis();
                }, callers));
            }
            for (CompletableFuture<Long> request : requests) {
                long millis = request.get(10, TimeUnit.SECONDS);
                assertTrue(millis < 2000, "answered in " + millis + " ms");
            }
            assertTrue(hung.maxOpen() <= cap, "at most " + cap + " connections at once, saw " + hung.maxOpen());
            toHung.close();
        }
    }

    private static String jwtExpiringAt(Instant exp) {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        return url.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + url.encodeToString(("{\"aud\":[\"istio-ca\"],\"exp\":" + exp.getEpochSecond() + "}").getBytes(StandardCharsets.UTF_8))
                + ".c2lnbmF0dXJl";
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
