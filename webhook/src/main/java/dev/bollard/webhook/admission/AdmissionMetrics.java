package dev.bollard.webhook.admission;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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
 * <p>The HTTP edge calls {@link #start} before the handler and {@link #finish} with the reason the
 * handler returned in its {@link AdmissionVerdict}. Reasons must come from enums (skip reasons,
 * deny classes), never from object names, so the label set stays small.
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

    /** Label sets seen so far are few (webhook x outcome x reason from enums); more are not cached. */
    static final int CACHED_LABEL_SETS = 256;

    private final MeterRegistry registry;
    // the meters of each label set, found once: building and registering them per request (tags
    // sorted, the id looked up in the registry, the reason's regexes) was 4% of an admission
    private final Map<Labels, Meters> meters = new ConcurrentHashMap<>();

    private record Labels(String webhook, Outcome outcome, String reason) {
    }

    private record Meters(Counter requests, Timer duration) {
    }

    AdmissionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public Sample start(String webhook) {
        return new Sample(webhook, Timer.start(registry));
    }

    /** Records a reviewed request without a handler's reason: the Status reason labels a deny. */
    public void finish(Sample sample, AdmissionResponse response) {
        finish(sample, response, Optional.empty());
    }

    /**
     * Records a reviewed request: outcome from the response, reason from the handler (a skip reason
     * such as host_network, or a deny class), else from the status.
     */
    public void finish(Sample sample, AdmissionResponse response, Optional<String> reason) {
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
        record(sample, outcome, reason.orElse(fallback));
    }

    /** Records a request that got no review: a bad body or a bug ({@code reason} is its class). */
    public void failed(Sample sample, String reason) {
        record(sample, Outcome.ERROR, reason);
    }

    private void record(Sample sample, Outcome outcome, String reason) {
        Labels labels = new Labels(sample.webhook(), outcome, reason);
        Meters found = meters.get(labels);
        if (found == null) {
            found = register(labels);
            if (meters.size() < CACHED_LABEL_SETS) {
                meters.putIfAbsent(labels, found);
            }
        }
        found.requests().increment();
        sample.timer().stop(found.duration());
    }

    private Meters register(Labels labels) {
        String outcome = labels.outcome().label();
        Counter requests = Counter.builder(REQUESTS).description("Admission reviews by webhook, outcome and skip or deny reason")
                .tags("webhook", labels.webhook(), "outcome", outcome, "reason", normalize(labels.reason()))
                .register(registry);
        Timer duration = Timer.builder(DURATION).description("Admission review latency")
                .tags("webhook", labels.webhook(), "outcome", outcome)
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
        return new Meters(requests, duration);
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
