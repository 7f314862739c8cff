package dev.bollard.webhook.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.DefaultBean;

/**
 * Stands in until a CA bean provides {@link ServingCertificateSource}: every call says why there
 * is nothing to issue, so only user-provided serving files can work.
 */
@DefaultBean
@ApplicationScoped
public class NoCaServingCertificateSource implements ServingCertificateSource {
    private static final String WHY = "no CA is configured to issue the webhook serving certificate; "
            + "mount a Secret " + OpsConfig.SERVING_SECRET + " with tls.crt and tls.key";

    @Override
    public ServingPair issueServing(List<String> dnsNames, Duration ttl) {
        throw new IllegalStateException(WHY);
    }

    @Override
    public String rootPem() {
        throw new IllegalStateException(WHY);
    }

    @Override
    public Instant caExpiry() {
        throw new IllegalStateException(WHY);
    }
}
