package dev.bollard.webhook.health;

import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the serving certificate files the listener was started with are readable. */
@Readiness
@ApplicationScoped
public class TlsReadinessCheck implements HealthCheck {
    private final Path certificate;

    TlsReadinessCheck(@ConfigProperty(name = "quarkus.http.ssl.certificate.files") Path certificate) {
        this.certificate = certificate;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("serving-certificate")
                .status(Files.isReadable(certificate))
                .withData("file", certificate.toString())
                .build();
    }
}
