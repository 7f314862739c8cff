package dev.bollard.proxy.cert;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The flags {@code cert fetch} and {@code cert watch} share; picocli mixin. */
final class CaOptions {
    @Option(names = "--ca", required = true, paramLabel = "URL",
            description = "Base URL of the workload CA, https only: in a cluster https://bollard.bollard-system.svc (the Service, port 443), under make run https://127.0.0.1:8443.")
    URI ca;

    @Option(names = "--token-file", required = true, paramLabel = "FILE",
            description = "Projected ServiceAccount token (audience istio-ca); re-read for every request.")
    Path tokenFile;

    @Option(names = "--root-cert", required = true, paramLabel = "FILE",
            description = "PEM of the mesh root(s); the only trust for the CA's TLS certificate and the issued chain.")
    Path rootCert;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Directory for key.pem (0600), cert-chain.pem and root-cert.pem; created if missing.")
    Path out;

    @Option(names = "--validity", paramLabel = "SECONDS",
            description = "Requested certificate lifetime in seconds (default: the CA's, 24 h for Bollard).")
    Long validitySeconds;

    /** Flag values as a checked config; a bad value is a usage error (exit 2 with the usage text). */
    AgentConfig toConfig(CommandSpec spec) {
        try {
            return new AgentConfig(ca, tokenFile, rootCert, out,
                    Optional.ofNullable(validitySeconds).map(Duration::ofSeconds));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
