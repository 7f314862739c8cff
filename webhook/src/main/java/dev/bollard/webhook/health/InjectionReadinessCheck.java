package dev.bollard.webhook.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import dev.bollard.webhook.inject.SidecarConfiguration;

/** Ready only once the injection template and values loaded and rendered a sample pod. */
@Readiness
@ApplicationScoped
public class InjectionReadinessCheck implements HealthCheck {
    private final SidecarConfiguration sidecar;

    InjectionReadinessCheck(SidecarConfiguration sidecar) {
        this.sidecar = sidecar;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("injection-template").status(sidecar.loaded());
        if (!sidecar.loaded()) {
            response.withData("problem", sidecar.problem());
        }
        return response.build();
    }
}
