package dev.bollard.webhook.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class AdmissionMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AdmissionMetrics metrics = new AdmissionMetrics(registry);

    @Test
    void skipReasonLabelsTheAllowedRequest() {
        AdmissionMetrics.Sample s = metrics.start("inject");
        metrics.finish(s, AdmissionReviews.allow(), Optional.of("HOST_NETWORK"));
        assertEquals(1.0, count("inject", "allowed", "host_network"));
    }

    @Test
    void patchedResponseIsCountedAsPatchedWithoutReason() {
        metrics.finish(metrics.start("inject"), AdmissionReviews.patch("[]"));
        assertEquals(1.0, count("inject", "patched", "none"));
    }

    @Test
    void denyWithoutAReasonClassFallsBackToTheStatusReason() {
        metrics.finish(metrics.start("validate"), AdmissionReviews.deny(422, "policy x: selector is required"));
        assertEquals(1.0, count("validate", "denied", "invalid"));
    }

    @Test
    void denyReasonClassWinsOverTheStatusReason() {
        AdmissionMetrics.Sample s = metrics.start("validate");
        metrics.finish(s, AdmissionReviews.deny(422, "policy x: selector is required"), Optional.of("MissingSelector"));
        assertEquals(1.0, count("validate", "denied", "missing_selector"));
    }

    @Test
    void aReasonNeverLeaksIntoTheNextRequest() {
        // the reason travels with its own request's verdict, so there is nothing to leak
        metrics.finish(metrics.start("inject"), AdmissionReviews.allow(), Optional.of("host_network"));
        metrics.finish(metrics.start("inject"), AdmissionReviews.allow());
        assertEquals(1.0, count("inject", "allowed", "host_network"));
        assertEquals(1.0, count("inject", "allowed", "none"));
    }

    @Test
    void repeatedRequestsCountOnTheSameMeters() {
        for (int i = 0; i < 3; i++) {
            metrics.finish(metrics.start("inject"), AdmissionReviews.patch("[]"));
        }
        assertEquals(3.0, count("inject", "patched", "none"));
        assertEquals(3, registry.get(AdmissionMetrics.DURATION).tag("outcome", "patched").timer().count());
    }

    @Test
    void reasonsBeyondTheCachedLabelSetsAreStillCounted() {
        for (int i = 0; i <= AdmissionMetrics.CACHED_LABEL_SETS; i++) {
            metrics.failed(metrics.start("inject"), "Failure" + i);
        }
        metrics.failed(metrics.start("inject"), "Failure" + AdmissionMetrics.CACHED_LABEL_SETS);
        assertEquals(2.0, count("inject", "error", "failure" + AdmissionMetrics.CACHED_LABEL_SETS));
    }

    @Test
    void latencyHistogramHasTheDeclaredBuckets() {
        metrics.finish(metrics.start("inject"), AdmissionReviews.allow());
        var histogram = registry.get(AdmissionMetrics.DURATION).timer().takeSnapshot().histogramCounts();
        assertEquals(AdmissionMetrics.BUCKETS.length, histogram.length);
    }

    @Test
    void reasonsAreSnakeCase() {
        assertEquals("bad_request", AdmissionMetrics.normalize("BadRequest"));
        assertEquals("host_network", AdmissionMetrics.normalize("host-network"));
        assertEquals("none", AdmissionMetrics.normalize(" "));
    }

    private double count(String webhook, String outcome, String reason) {
        return registry.get(AdmissionMetrics.REQUESTS).tags("webhook", webhook, "outcome", outcome, "reason", reason)
                .counter().count();
    }
}
