package dev.bollard.webhook.serving;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What operations needs from the CA: a serving certificate for the webhook's own Service names,
 * and the root that webhook configurations must carry as their {@code caBundle}.
 */
public interface ServingCertificateSource {
    /** A fresh key and its chain (leaf first) for {@code dnsNames}, valid for at most {@code ttl}. */
    ServingPair issueServing(List<String> dnsNames, Duration ttl);

    /** The CA root certificate, PEM. */
    String rootPem();

    /** When the CA's own signing chain expires. */
    Instant caExpiry();
}
