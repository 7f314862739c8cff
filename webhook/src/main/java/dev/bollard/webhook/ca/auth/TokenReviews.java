package dev.bollard.webhook.ca.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import io.fabric8.kubernetes.client.KubernetesClientException;
import dev.bollard.webhook.ca.CaConfig;
import dev.bollard.webhook.ca.CaMetrics;
import dev.bollard.webhook.ca.CaRefusedException;
import dev.bollard.webhook.ca.Refusal;

/**
 * TokenReviews as the CA can afford them: at most {@code maxConcurrent} calls to the API server
 * at once (each on its own pool thread, so also at most that many connections), at most
 * {@code maxQueued} waiting, one call for any number of concurrent requests with the same token,
 * and the verdict reused for a short while under the token's SHA-256. A caller never waits longer
 * than {@code timeout}: a slow, hung or unreachable API server is a 503 within it, and a full queue
 * is a 503 at once, instead of a worker thread parked on the API server.
 */
final class TokenReviews {
    record Limits(int maxConcurrent, int maxQueued, Duration timeout, Duration cacheTtl, Duration negativeCacheTtl,
            int cacheSize) {
        static Limits of(CaConfig.TokenReview config) {
            return new Limits(config.maxConcurrent(), config.maxQueued(), config.timeout(), config.cacheTtl(),
                    config.negativeCacheTtl(), config.cacheSize());
        }
    }

    /** A verdict and how long it may be reused. */
    private record Verdict(TokenReviewStatus status, Duration reuseFor) {
    }

    private final TokenReviewClient client;
    private final String audience;
    private final Limits limits;
    private final Clock clock;
    private final CaMetrics metrics;
    private final AtomicInteger inFlight;
    private final ThreadPoolExecutor calls;
    private final AsyncCache<TokenKey, Verdict> verdicts;

    TokenReviews(TokenReviewClient client, String audience, Limits limits, Clock clock, CaMetrics metrics) {
        this.client = client;
        this.audience = audience;
        this.limits = limits;
        this.clock = clock;
        this.metrics = metrics;
        this.inFlight = metrics.tokenReviewsInFlight();
        AtomicInteger threads = new AtomicInteger();
        this.calls = new ThreadPoolExecutor(limits.maxConcurrent(), limits.maxConcurrent(), 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(Math.max(1, limits.maxQueued())), task -> {
                    Thread thread = new Thread(task, "bollard-tokenreview-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        this.calls.allowCoreThreadTimeOut(true);
        this.verdicts = Caffeine.newBuilder().maximumSize(limits.cacheSize()).expireAfter(new Expiry<TokenKey, Verdict>() {
            @Override
            public long expireAfterCreate(TokenKey key, Verdict verdict, long currentTime) {
                return verdict.reuseFor().toNanos();
            }

            @Override
            public long expireAfterUpdate(TokenKey key, Verdict verdict, long currentTime, long currentDuration) {
                return verdict.reuseFor().toNanos();
            }

            @Override
            public long expireAfterRead(TokenKey key, Verdict verdict, long currentTime, long currentDuration) {
                return currentDuration;
            }
        }).buildAsync();
    }

    /** The API server's verdict on {@code token} for our audience; {@link Refusal#UNAVAILABLE} if it cannot be had in time. */
    TokenReviewStatus review(String token) {
        boolean[] called = {false};
        TokenKey key = TokenKey.of(token);
        CompletableFuture<Verdict> verdict = verdicts.get(key, (k, ignored) -> {
            called[0] = true;
            return call(token);
        });
        metrics.tokenReviewLookup(!called[0]);
        try {
            Verdict answer = verdict.get(limits.timeout().toMillis(), TimeUnit.MILLISECONDS);
            if (answer.reuseFor().isZero()) {
                forget(key, verdict);
            }
            return answer.status();
        } catch (TimeoutException e) {
            throw unavailable("the API server did not answer within " + limits.timeout().toMillis() + " ms");
        } catch (ExecutionException e) {
            forget(key, verdict);
            if (e.getCause() instanceof CaRefusedException refused) {
                throw refused;
            }
            throw unavailable("the TokenReview failed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while waiting for the API server");
        }
    }

    /**
     * Drops a failed or not-reusable verdict now. Caffeine drops them too, but from a callback that
     * may run after this caller has its answer, so the next request could still be given it.
     */
    private void forget(TokenKey key, CompletableFuture<Verdict> verdict) {
        verdicts.asMap().remove(key, verdict);
    }

    private CompletableFuture<Verdict> call(String token) {
        TokenReview request = new TokenReviewBuilder().withNewSpec().withToken(token).withAudiences(audience).endSpec().build();
        try {
            return CompletableFuture.supplyAsync(() -> verdict(token, create(request)), calls)
                    // a call stuck past the client's own timeout must not pin this token's entry forever
                    .orTimeout(limits.timeout().toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(unavailable("too many token checks are waiting for the API server"));
        }
    }

    private TokenReviewStatus create(TokenReview request) {
        inFlight.incrementAndGet();
        try {
            TokenReview answer = client.create(request);
            return answer == null || answer.getStatus() == null ? new TokenReviewStatus() : answer.getStatus();
        } catch (KubernetesClientException e) {
            throw unavailable(e.getCode() <= 0 ? "API server unreachable" : "HTTP " + e.getCode());
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** Rejections are reused briefly; an authentication at most half of what is left of the token's life. */
    private Verdict verdict(String token, TokenReviewStatus status) {
        if (!Boolean.TRUE.equals(status.getAuthenticated())) {
            return new Verdict(status, limits.negativeCacheTtl());
        }
        Duration reuse = limits.cacheTtl();
        Instant now = clock.instant();
        Instant expiry = TokenExpiry.of(token, status).orElse(null);
        if (expiry != null) {
            Duration half = Duration.between(now, expiry).dividedBy(2);
            reuse = half.isNegative() ? Duration.ZERO : half.compareTo(reuse) < 0 ? half : reuse;
        }
        return new Verdict(status, reuse);
    }

    private static CaRefusedException unavailable(String why) {
        return new CaRefusedException(Refusal.UNAVAILABLE, "cannot check the token: " + why);
    }
}
