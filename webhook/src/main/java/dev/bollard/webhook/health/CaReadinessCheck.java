package dev.bollard.webhook.health;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

import dev.bollard.webhook.ca.CaBundle;
import dev.bollard.webhook.ca.CaRefusedException;
import dev.bollard.webhook.ca.store.CaStore;
import io.smallrye.health.api.HealthGroup;

/**
 * UP once the workload CA is loaded and its signing chain has not expired, at
 * {@code /q/health/group/ca}. Not part of readiness: injection and validation do not need the CA,
 * and a replica that cannot sign yet still serves them (its CA endpoints answer 503 with
 * Retry-After meanwhile). A call also (re)tries the load, so the CA recovers once the API server
 * answers.
 */
@HealthGroup(CaReadinessCheck.GROUP)
@ApplicationScoped
public class CaReadinessCheck implements HealthCheck {
    public static final String GROUP = "ca";
    private final CaStore store;
    private final Clock clock;

    @Inject
    CaReadinessCheck(CaStore store) {
        this(store, Clock.systemUTC());
    }

    CaReadinessCheck(CaStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("workload-ca");
        CaBundle bundle;
        try {
            bundle = store.current();
        } catch (CaRefusedException e) {
            return response.down().withData("reason", e.getMessage()).build();
        }
        Instant expiry = bundle.notAfter();
        return response.status(expiry.isAfter(clock.instant()))
                .withData("expires", expiry.toString())
                .withData("issuer", bundle.certificate().getSubject().toString())
                .build();
    }
}
