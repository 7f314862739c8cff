package dev.bollard.webhook.ca;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * Creates TokenReviews through a client derived from the application's, with one retry and short
 * timeouts: a caller waiting on its certificate should get a 503 with Retry-After within seconds,
 * not after the default client's ten exponential retries.
 */
@FunctionalInterface
interface TokenReviewClient {
    int RETRIES = 1;
    int TIMEOUT_MILLIS = 5_000;

    TokenReview create(TokenReview review);

    static TokenReviewClient withFewRetries(KubernetesClient base) {
        return new TokenReviewClient() {
            private volatile KubernetesClient client;

            @Override
            public TokenReview create(TokenReview review) {
                return client().authentication().v1().tokenReviews().create(review);
            }

            private KubernetesClient client() {
                if (client == null) {
                    synchronized (this) {
                        if (client == null) {
                            Config config = new ConfigBuilder(base.getConfiguration())
                                    .withRequestRetryBackoffLimit(RETRIES).withRequestRetryBackoffInterval(200)
                                    .withConnectionTimeout(TIMEOUT_MILLIS).withRequestTimeout(TIMEOUT_MILLIS).build();
                            client = new KubernetesClientBuilder().withConfig(config).build();
                        }
                    }
                }
                return client;
            }
        };
    }
}
