package dev.bollard.webhook.health;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import dev.bollard.webhook.ca.CaBundle;
import dev.bollard.webhook.ca.CaRefusedException;
import dev.bollard.webhook.ca.CaStore;

/**
 * Ready once the workload CA is loaded and its signing chain has not expired. A probe also
 * (re)tries the load, so a replica that started before the API server answered becomes ready.
 */
@Readiness
@ApplicationScoped
public class CaReadinessCheck implements HealthCheck {
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
