package dev.bollard.proxy.cert;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the pod's bootstrap gets its certificate and where it puts it.
 *
 * @param ca         base URL of the workload CA; must be https, the token is a credential
 * @param tokenFile  projected ServiceAccount token, re-read for every request (kubelet rotates it)
 * @param rootCert   PEM bundle of the mesh root(s): the only anchors trusted for the CA's TLS
 *                   certificate and for the issued chain
 * @param outDir     directory that receives key.pem, cert-chain.pem and root-cert.pem
 * @param validity   requested lifetime; empty leaves it to the CA's default (24 h for Bollard)
 */
public record AgentConfig(URI ca, Path tokenFile, Path rootCert, Path outDir, Optional<Duration> validity) {
    static final String CERTIFICATES_PATH = "v1/certificates";

    public AgentConfig {
        Objects.requireNonNull(ca, "--ca is required");
        Objects.requireNonNull(tokenFile, "--token-file is required");
        Objects.requireNonNull(rootCert, "--root-cert is required");
        Objects.requireNonNull(outDir, "--out is required");
        Objects.requireNonNull(validity, "validity");
        if (!"https".equalsIgnoreCase(ca.getScheme()) || ca.getHost() == null) {
            throw new IllegalArgumentException("--ca must be an https:// URL with a host, got '" + ca + "'");
        }
        if (ca.getQuery() != null || ca.getFragment() != null) {
            throw new IllegalArgumentException("--ca must not carry a query or fragment, got '" + ca + "'");
        }
        validity.ifPresent(v -> {
            if (v.isNegative() || v.isZero()) {
                throw new IllegalArgumentException("--validity must be a positive number of seconds, got " + v.toSeconds());
            }
        });
    }

    /** {@code POST} target: the CA's base URL plus {@code /v1/certificates}, whatever the trailing slash. */
    public URI certificatesEndpoint() {
        String base = ca.toString();
        return URI.create(base.endsWith("/") ? base + CERTIFICATES_PATH : base + "/" + CERTIFICATES_PATH);
    }
}
