package dev.bollard.webhook.admission;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Admission metrics on an in-memory registry, for tests that build the webhooks by hand. */
public final class TestAdmissionMetrics {
    private TestAdmissionMetrics() {
    }

    public static AdmissionMetrics inMemory() {
        return new AdmissionMetrics(new SimpleMeterRegistry());
    }
}
