package dev.bollard.webhook.ca;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code bollard_ca_certificates_issued_total{api}} and
 * {@code bollard_ca_certificates_refused_total{api,reason}} on /q/metrics.
 */
@ApplicationScoped
public class CaMetrics {
    static final String ISSUED = "bollard.ca.certificates.issued";
    static final String REFUSED = "bollard.ca.certificates.refused";

    private final MeterRegistry registry;

    CaMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void issued(String api) {
        Counter.builder(ISSUED).description("workload certificates issued").tag("api", api).register(registry).increment();
    }

    public void refused(Refusal reason, String api) {
        Counter.builder(REFUSED).description("certificate requests refused, by reason")
                .tag("api", api).tag("reason", reason.code()).register(registry).increment();
    }
}
