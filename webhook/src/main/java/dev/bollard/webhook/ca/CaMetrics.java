package dev.bollard.webhook.ca;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code bollard_ca_certificates_issued_total{api}},
 * {@code bollard_ca_certificates_refused_total{api,reason}},
 * {@code bollard_ca_tokenreview_cache_total{result=hit|miss}},
 * {@code bollard_ca_tokenreview_in_flight} and {@code bollard_ca_crypto_provider_info{provider}} on /q/metrics.
 */
@ApplicationScoped
public class CaMetrics {
    static final String ISSUED = "bollard.ca.certificates.issued";
    static final String REFUSED = "bollard.ca.certificates.refused";
    public static final String TOKEN_REVIEW_CACHE = "bollard.ca.tokenreview.cache";
    public static final String TOKEN_REVIEWS_IN_FLIGHT = "bollard.ca.tokenreview.in.flight";
    static final String CRYPTO_PROVIDER = "bollard.ca.crypto.provider.info";

    private final MeterRegistry registry;

    public CaMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void issued(String api) {
        Counter.builder(ISSUED).description("workload certificates issued").tag("api", api).register(registry).increment();
    }

    public void refused(Refusal reason, String api) {
        Counter.builder(REFUSED).description("certificate requests refused, by reason")
                .tag("api", api).tag("reason", reason.code()).register(registry).increment();
    }

    /** A token check answered from the cache or a call already under way (hit), or one that calls the API server (miss). */
    public void tokenReviewLookup(boolean hit) {
        Counter.builder(TOKEN_REVIEW_CACHE).description("token checks answered from the TokenReview cache (hit) or by a new TokenReview (miss)")
                .tag("result", hit ? "hit" : "miss").register(registry).increment();
    }

    /** The count of TokenReviews waiting on the API server, exported as a gauge. */
    public AtomicInteger tokenReviewsInFlight() {
        AtomicInteger inFlight = new AtomicInteger();
        Gauge.builder(TOKEN_REVIEWS_IN_FLIGHT, inFlight, AtomicInteger::get)
                .description("TokenReviews waiting on the API server").strongReference(true).register(registry);
        return inFlight;
    }

    /** 1, tagged with the provider that signs and verifies ({@link CryptoProvider#id()}), as Prometheus' info metrics do. */
    void cryptoProvider(String id) {
        Gauge.builder(CRYPTO_PROVIDER, () -> 1).description("the JCA provider the CA signs and verifies with")
                .tag("provider", id).strongReference(true).register(registry);
    }
}
