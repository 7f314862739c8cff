package dev.bollard.webhook.ca.auth;

import java.time.Duration;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * Creates one TokenReview on the API server. The production client is derived from the
 * application's with no retries and short timeouts: {@link TokenReviews} owns the waiting, the
 * bound and the reuse, and a retry would only spend the caller's budget on a server that is down.
 */
@FunctionalInterface
public interface TokenReviewClient {

    TokenReview create(TokenReview review);

    /**
     * A client that gives up after {@code timeout}. fabric8's Vert.x client ignores
     * {@code maxConcurrentRequests} (its pool is fixed at 8192), so the connection cap is the
     * bounded pool in {@link TokenReviews} that makes the calls; the setting is kept for other clients.
     */
    static TokenReviewClient withTimeout(KubernetesClient base, Duration timeout, int maxConnections) {
        int millis = (int) Math.max(1, timeout.toMillis());
        Config config = new ConfigBuilder(base.getConfiguration())
                .withRequestRetryBackoffLimit(0)
                .withConnectionTimeout(millis).withRequestTimeout(millis)
                .withMaxConcurrentRequests(maxConnections).withMaxConcurrentRequestsPerHost(maxConnections)
                .build();
        // built now, not at the first request, whose budget it would spend
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
        return review -> client.authentication().v1().tokenReviews().create(review);
    }
}
