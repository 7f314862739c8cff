package dev.bollard.webhook.serving;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * Seconds until the CA and the serving certificate expire, for an alert well before either does.
 * A value that cannot be read (no CA configured) is NaN, which Prometheus shows as a gap.
 */
@ApplicationScoped
public class CertificateExpiryGauges {
    public static final String CA_EXPIRY = "bollard.ca.certificate.expiry.seconds";
    public static final String SERVING_EXPIRY = "bollard.serving.certificate.expiry.seconds";

    private final MeterRegistry registry;
    private final ServingCertificateSource ca;
    private final ServingCertificates serving;
    private final Clock clock = Clock.systemUTC();

    CertificateExpiryGauges(MeterRegistry registry, ServingCertificateSource ca, ServingCertificates serving) {
        this.registry = registry;
        this.ca = ca;
        this.serving = serving;
    }

    void register(@Observes StartupEvent event) {
        gauge(CA_EXPIRY, "Seconds until the CA signing certificate expires", ca::caExpiry);
        gauge(SERVING_EXPIRY, "Seconds until the webhook serving certificate expires", serving::notAfter);
    }

    private void gauge(String name, String description, Supplier<Instant> expiry) {
        Gauge.builder(name, () -> secondsUntil(expiry)).description(description).register(registry);
    }

    private double secondsUntil(Supplier<Instant> expiry) {
        try {
            return Duration.between(clock.instant(), expiry.get()).toMillis() / 1000.0;
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
