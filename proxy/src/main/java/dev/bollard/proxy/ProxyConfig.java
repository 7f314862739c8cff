package dev.bollard.proxy;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import dev.bollard.identity.TrustDomain;
import dev.bollard.proxy.cert.AgentConfig;
import dev.bollard.proxy.lifecycle.DrainSettings;
import dev.bollard.proxy.probe.AppProbers;
import dev.bollard.proxy.telemetry.MetricsConfig;
import dev.bollard.proxy.tls.TlsProvider;

/**
 * {@code bollard proxy}'s settings, checked: every flag, after its environment default.
 *
 * @param controlPlane base URL of the feed's server (the webhook; by default the CA's URL)
 * @param instanceIp   the pod IP, sent to the control plane; empty when unknown
 * @param adminPort    pilot-agent's status port: {@code POST /quitquitquit}, {@code /healthz/ready}
 * @param drain        what SIGTERM does: how long inbound drains before the proxy exits
 * @param metrics      the Prometheus endpoint (port 0: off) and the standard metrics' settings
 */
public record ProxyConfig(AgentConfig certificate, URI controlPlane, String podName, String podNamespace,
        Optional<InetAddress> instanceIp, Optional<String> serviceAccount, TrustDomain trustDomain,
        DataPlaneConfig dataPlane, int healthPort, String healthAddress, int adminPort, DrainSettings drain,
        MetricsConfig metrics, AppProbers appProbers) {
    public ProxyConfig {
        Objects.requireNonNull(appProbers, "appProbers");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(controlPlane, "controlPlane");
        Objects.requireNonNull(trustDomain, "trustDomain");
        Objects.requireNonNull(dataPlane, "dataPlane");
        Objects.requireNonNull(drain, "drain");
        Objects.requireNonNull(metrics, "metrics");
        if (!"https".equalsIgnoreCase(controlPlane.getScheme()) || controlPlane.getHost() == null) {
            throw new IllegalArgumentException("--control-plane must be an https:// URL with a host, got '" + controlPlane + "'");
        }
        requireName("--pod-name (POD_NAME)", podName);
        requireName("--pod-namespace (POD_NAMESPACE)", podNamespace);
        int[] ports = {dataPlane.inboundPort(), dataPlane.outboundPort(), healthPort, adminPort};
        for (int port : ports) {
            requirePort(port);
        }
        if (java.util.Arrays.stream(ports).distinct().count() < ports.length) {
            throw new IllegalArgumentException("--inbound-port, --outbound-port, --health-port and --admin-port must differ, got "
                    + dataPlane.inboundPort() + ", " + dataPlane.outboundPort() + ", " + healthPort + ", " + adminPort);
        }
        int m = metrics.port();
        if (m != 0 && java.util.Arrays.stream(ports).anyMatch(p -> p == m)) {
            throw new IllegalArgumentException("--metrics-port " + m
                    + " is taken by --inbound-port, --outbound-port, --health-port or --admin-port");
        }
    }

    /** Validity, when given, as the CA request takes it. */
    public Optional<Duration> validity() {
        return certificate.validity();
    }

    public Path outDir() {
        return certificate.outDir();
    }

    public TlsProvider tlsProvider() {
        return dataPlane.tlsProvider();
    }

    private static void requireName(String flag, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(flag + " is required");
        }
        // a Kubernetes name (DNS-1123): also keeps a newline or '&' out of the feed URL and the logs
        if (!value.matches("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?")) {
            throw new IllegalArgumentException(flag + " '" + value + "' is not a Kubernetes name");
        }
    }

    private static void requirePort(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not in 1-65535");
        }
    }
}
