package dev.bollard.proxy;

import java.time.Duration;
import java.util.Objects;

import dev.bollard.proxy.tls.TlsProvider;

/**
 * Listener settings of the data plane.
 *
 * @param inboundPort    where init-iptables redirects inbound TCP (Istio's 15006)
 * @param outboundPort   where init-iptables redirects outbound TCP (Istio's 15001)
 * @param connectTimeout upstream connect timeout (Envoy's default: 10 s)
 */
public record DataPlaneConfig(int inboundPort, int outboundPort, TlsProvider tlsProvider, Duration connectTimeout) {
    public static final int INBOUND_PORT = 15006;
    public static final int OUTBOUND_PORT = 15001;

    public DataPlaneConfig {
        Objects.requireNonNull(tlsProvider, "tlsProvider");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
    }

    public static DataPlaneConfig defaults() {
        return new DataPlaneConfig(INBOUND_PORT, OUTBOUND_PORT, TlsProvider.AUTO, Duration.ofSeconds(10));
    }
}
