package dev.bollard.webhook.http;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The serving edge's worker pools, {@code bollard.edge.*}: one per kind of caller, so a flood of
 * one cannot take the threads another needs. Beyond {@code threads} busy and {@code queue}
 * waiting, a request is shed at once (429 with Retry-After) instead of waiting out its caller's
 * timeout. The mesh feed, health and metrics keep Quarkus' own worker pool.
 */
@ConfigMapping(prefix = "bollard.edge")
public interface EdgeConfig {

    /** {@code /inject} and {@code /validate}: the API server calls them, pure CPU work of a millisecond or two. */
    @WithDefault("16")
    int admissionThreads();

    @WithDefault("256")
    int admissionQueue();

    /** {@code /v1/certificates} and Istio's gRPC CreateCertificate: a TokenReview and a signature each. */
    @WithDefault("8")
    int caThreads();

    @WithDefault("128")
    int caQueue();

    /**
     * The HTTPS listener's TLS implementation (see {@link TlsStack}): {@code auto}, the default,
     * takes BoringSSL where it loads; {@code jdk} forces the JDK SSLEngine.
     */
    @WithDefault("auto")
    TlsStack.Preference tlsStack();
}
