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

    /** Which JCA provider signs certificates and verifies CSRs ({@link CryptoProvider}). */
    enum CryptoChoice {
        /** ACCP when it loads and passes its self-test, else Bouncy Castle (the default) */
        AUTO,
        /** ACCP; when it cannot load, Bouncy Castle all the same, with the reason logged as a warning */
        ACCP,
        /** Bouncy Castle even where ACCP would load: the pure-Java path, e.g. to test it */
        BOUNCYCASTLE
    }

    /** {@code auto} (the default), {@code accp} or {@code bouncycastle}; see {@link CryptoChoice}. */
    @WithDefault("auto")
    CryptoChoice cryptoProvider();

    /** SPIFFE trust domain of issued identities; default {@code cluster.local}, as Istio. */
    @WithDefault("cluster.local")
    String trustDomain();

    /** Lifetime when the request names none; default 24 h. */
    @WithDefault("24h")
    Duration defaultTtl();

    /** Longest lifetime a caller may ask for; default 90 days, Istio's MAX_WORKLOAD_CERT_TTL. */
    @WithDefault("2160h")
    Duration maxTtl();

    /**
     * Shortest lifetime a caller may ask for, and that the CA will issue at all; default 10 s.
     * Each certificate costs a TokenReview and a signature, so a client asking for 1 s
     * certificates would renew in a loop.
     */
    @WithDefault("10s")
    Duration minTtl();

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

    /** How TokenReviews are bounded and reused, {@code bollard.ca.token-review.*}. */
    TokenReview tokenReview();

    /**
     * TokenReview limits. A hung or slow API server must cost a certificate request at most
     * {@link #timeout()} and at most {@link #maxConcurrent()} connections, however many callers wait.
     */
    interface TokenReview {
        /** Concurrent TokenReview calls (and so connections to the API server); default 16. */
        @WithDefault("16")
        int maxConcurrent();

        /** Calls waiting for one of those slots; beyond that a request is answered 503 at once. */
        @WithDefault("64")
        int maxQueued();

        /** Longest a certificate request waits for the answer; default 1500 ms, under the 2 s promise. */
        @WithDefault("1500ms")
        Duration timeout();

        /** How long an authenticated answer is reused; never more than half the token's remaining life. */
        @WithDefault("60s")
        Duration cacheTtl();

        /** How long a rejection (invalid, expired token) is reused. */
        @WithDefault("5s")
        Duration negativeCacheTtl();

        /** Distinct tokens remembered; default 10,000. */
        @WithDefault("10000")
        int cacheSize();
    }

    /** Keep ConfigMap istio-ca-root-cert in every namespace labeled istio-injection=enabled. */
    @WithDefault("true")
    boolean distributeRoot();
}
