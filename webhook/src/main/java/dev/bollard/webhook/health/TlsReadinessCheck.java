package dev.bollard.webhook.health;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.bollard.webhook.serving.ServingCertificates;
import dev.bollard.webhook.serving.ServingPair;

/** Ready only while the listener holds a serving certificate that has not expired. */
@Readiness
@ApplicationScoped
public class TlsReadinessCheck implements HealthCheck {
    private final ServingCertificates certificates;
    private final Clock clock = Clock.systemUTC();

    TlsReadinessCheck(ServingCertificates certificates) {
        this.certificates = certificates;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            ServingPair pair = certificates.current();
            Instant notAfter = pair.notAfter();
            return HealthCheckResponse.named("serving-certificate")
                    .status(clock.instant().isBefore(notAfter))
                    .withData("notAfter", notAfter.toString())
                    .build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("serving-certificate").down().withData("error", e.getMessage()).build();
        }
    }
}
