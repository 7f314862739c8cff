package dev.bollard.webhook.admission;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Admission metrics: {@code bollard_admission_requests_total{webhook,outcome,reason}} and the
 * latency histogram {@code bollard_admission_duration_seconds{webhook,outcome}}.
 *
 * <p>Handlers say why they skipped or denied with {@link #skipped} / {@link #denied} while they
 * run; the HTTP edge calls {@link #start} before the handler and {@link #finish} after it, on the
 * same thread, and the reason lands on that request's sample. Reasons must come from enums (skip
 * reasons, deny classes), never from object names, so the label set stays small.
 */
@ApplicationScoped
public class AdmissionMetrics {
    public static final String REQUESTS = "bollard.admission.requests";
    public static final String DURATION = "bollard.admission.duration";
    /** Bucket bounds: the API server's webhook timeout is 10 s; most reviews take milliseconds. */
    static final Duration[] BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};
    static final String NO_REASON = "none";
    // compiled once: normalize runs on every admission, and String.replaceAll compiles per call
    private static final Pattern CAMEL_HUMP = Pattern.compile("([a-z0-9])([A-Z])");
    private static final Pattern NON_ALPHANUMERIC = Pattern.compile("[^A-Za-z0-9]+");
    private static final Pattern EDGE_UNDERSCORES = Pattern.compile("^_+|_+$");

    public enum Outcome {
        ALLOWED, PATCHED, DENIED, ERROR;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One request in flight: which webhook, since when. */
    public record Sample(String webhook, Timer.Sample timer) {
    }

    // handlers run on the request's thread between start and finish; see the class comment
    private static final ThreadLocal<String> REASON = new ThreadLocal<>();

    private final MeterRegistry registry;

    AdmissionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public Sample start(String webhook) {
        REASON.remove();
        return new Sample(webhook, Timer.start(registry));
    }

    /** The pod is admitted unchanged because of {@code reason} (a skip reason, e.g. host_network). */
    public void skipped(String webhook, String reason) {
        REASON.set(reason);
    }

    /** The object is refused; {@code reasonClass} names the kind of violation, not the object. */
    public void denied(String webhook, String reasonClass) {
        REASON.set(reasonClass);
    }

    /** Records a reviewed request: outcome from the response, reason from the handler or the status. */
    public void finish(Sample sample, AdmissionResponse response) {
        Outcome outcome;
        String fallback = NO_REASON;
        if (!Boolean.TRUE.equals(response.getAllowed())) {
            outcome = Outcome.DENIED;
            if (response.getStatus() != null && response.getStatus().getReason() != null) {
                fallback = response.getStatus().getReason();
            }
        } else if (response.getPatch() != null) {
            outcome = Outcome.PATCHED;
        } else {
            outcome = Outcome.ALLOWED;
        }
        record(sample, outcome, fallback);
    }

    /** Records a request that got no review: a bad body or a bug ({@code reason} is its class). */
    public void failed(Sample sample, String reason) {
        record(sample, Outcome.ERROR, reason);
    }

    private void record(Sample sample, Outcome outcome, String fallback) {
        String reason = REASON.get();
        REASON.remove();
        String label = normalize(reason == null ? fallback : reason);
        Counter.builder(REQUESTS).description("Admission reviews by webhook, outcome and skip or deny reason")
                .tags("webhook", sample.webhook(), "outcome", outcome.label(), "reason", label)
                .register(registry).increment();
        sample.timer().stop(Timer.builder(DURATION).description("Admission review latency")
                .tags("webhook", sample.webhook(), "outcome", outcome.label())
                .serviceLevelObjectives(BUCKETS)
                .register(registry));
    }

    /** snake_case, so enum names and Status reasons ("BadRequest") look alike on dashboards. */
    static String normalize(String reason) {
        if (reason == null || reason.isBlank()) {
            return NO_REASON;
        }
        String snake = NON_ALPHANUMERIC.matcher(CAMEL_HUMP.matcher(reason.trim()).replaceAll("$1_$2")).replaceAll("_");
        return EDGE_UNDERSCORES.matcher(snake.toLowerCase(Locale.ROOT)).replaceAll("");
    }
}
