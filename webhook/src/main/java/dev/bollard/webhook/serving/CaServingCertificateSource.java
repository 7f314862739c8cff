package dev.bollard.webhook.serving;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.bollard.webhook.ca.CertificateAuthority;
import dev.bollard.webhook.ca.ServingCertificate;

/** The workload CA as the source of the webhook's own serving certificate and caBundle. */
@ApplicationScoped
public class CaServingCertificateSource implements ServingCertificateSource {
    private final CertificateAuthority ca;

    CaServingCertificateSource(CertificateAuthority ca) {
        this.ca = ca;
    }

    @Override
    public ServingPair issueServing(List<String> dnsNames, Duration ttl) {
        ServingCertificate issued = ca.issueServing(dnsNames, ttl);
        return new ServingPair(issued.keyPem(), issued.chainPem());
    }

    @Override
    public String rootPem() {
        return ca.rootPem();
    }

    @Override
    public Instant caExpiry() {
        return ca.expiry();
    }
}
