package dev.bollard.webhook.ca;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the workload CA, {@code bollard.ca.*}. */
@ConfigMapping(prefix = "bollard.ca")
public interface CaConfig {

    /** Where the CA key lives when no plug-in CA is mounted. */
    enum Store {
        /** a Secret in {@link #namespace()}, created on first start (the default) */
        SECRET,
        /** {@code root-cert.pem} and {@code root-key.pem} under {@link #devDir()}, for {@code make run} */
        FILES
    }

    /** SPIFFE trust domain of issued identities; default {@code cluster.local}, as Istio. */
    @WithDefault("cluster.local")
    String trustDomain();

    /** Lifetime when the request names none; default 24 h. */
    @WithDefault("24h")
    Duration defaultTtl();

    /** Longest lifetime a caller may ask for; default 90 days, Istio's MAX_WORKLOAD_CERT_TTL. */
    @WithDefault("2160h")
    Duration maxTtl();

    /** Lifetime of a self-signed root this CA generates; default 10 years, as Istio's. */
    @WithDefault("87600h")
    Duration rootTtl();

    /** Default {@code secret}; {@code files} for local development. */
    @WithDefault("secret")
    Store store();

    /** Namespace of the CA Secret, normally the webhook's own (POD_NAMESPACE). */
    @WithDefault("bollard-system")
    String namespace();

    @WithDefault("bollard-ca")
    String secretName();

    /** Istio-style plug-in CA directory; used instead of the store when it holds ca-cert.pem and ca-key.pem. */
    @WithDefault("/etc/cacerts")
    Path cacertsDir();

    /** Directory of the {@code files} store. */
    @WithDefault(".bollard-dev")
    Path devDir();

    /** {@code token,namespace,serviceaccount} lines; when set it replaces TokenReview (local development only). */
    Optional<Path> staticTokenFile();

    /** Audience the projected ServiceAccount token must carry; default {@code istio-ca}, as istiod expects. */
    @WithDefault("istio-ca")
    String audience();

    /** Keep ConfigMap istio-ca-root-cert in every namespace labeled istio-injection=enabled. */
    @WithDefault("true")
    boolean distributeRoot();
}
