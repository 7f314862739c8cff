package dev.bollard.webhook.http;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/** The pools of the serving edge, one per kind of caller (see {@link EdgeConfig}). */
@ApplicationScoped
public class EdgePools {
    private final EdgePool admission;
    private final EdgePool ca;

    EdgePools(EdgeConfig config) {
        this.admission = new EdgePool("admission",
                config.admissionThreads().orElse(Runtime.getRuntime().availableProcessors()), config.admissionQueue());
        this.ca = new EdgePool("ca", config.caThreads(), config.caQueue());
    }

    /** {@code /inject} and {@code /validate}. */
    public EdgePool admission() {
        return admission;
    }

    /** {@code /v1/certificates} and gRPC CreateCertificate. */
    public EdgePool ca() {
        return ca;
    }

    @PreDestroy
    void stop() throws InterruptedException {
        admission.shutdown(5_000);
        ca.shutdown(5_000);
    }
}
