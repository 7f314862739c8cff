package dev.bollard.webhook.http;

import java.util.Optional;

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

    /**
     * {@code /inject} and {@code /validate}: the API server calls them, pure CPU work of a
     * millisecond or two, so by default one thread per processor the JVM sees (a container's CPU
     * limit lowers that). More threads than cores only run more admissions at once, each slower:
     * with 16 on 2 cores every in-flight admission's garbage outlived the young collections and
     * was promoted, and the serial collector ran a full collection several times a second under
     * a stream of distinct pods (interleaved A/B on 2 cores, 16 -> 2 threads: /inject +15-25% and
     * about half the p99, every pod distinct +18-30%). A request beyond the threads waits in the
     * queue as its body alone.
     */
    Optional<Integer> admissionThreads();

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
