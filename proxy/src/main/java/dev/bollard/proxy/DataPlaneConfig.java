package dev.bollard.proxy;

import java.time.Duration;
import java.util.Objects;

import dev.bollard.proxy.tls.TlsProvider;

/**
 * Listener settings of the data plane.
 *
 * @param inboundPort    where init-iptables redirects inbound TCP (Istio's 15006); 0 = any (tests)
 * @param outboundPort   where init-iptables redirects outbound TCP (Istio's 15001); 0 = any (tests)
 * @param connectTimeout upstream connect timeout (Envoy's default: 10 s)
 * @param sniffTimeout   how long inbound waits for a client's first bytes before deciding: a
 *                       server-first protocol (MySQL, SMTP) sends nothing, so under PERMISSIVE it
 *                       becomes plaintext after this; under STRICT it is refused
 */
public record DataPlaneConfig(int inboundPort, int outboundPort, TlsProvider tlsProvider, Duration connectTimeout,
                              Duration sniffTimeout) {
    public static final int INBOUND_PORT = 15006;
    public static final int OUTBOUND_PORT = 15001;
    public static final Duration SNIFF_TIMEOUT = Duration.ofSeconds(1);

    public DataPlaneConfig {
        Objects.requireNonNull(tlsProvider, "tlsProvider");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(sniffTimeout, "sniffTimeout");
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive");
        }
        if (sniffTimeout.isNegative() || sniffTimeout.isZero()) {
            throw new IllegalArgumentException("sniffTimeout must be positive");
        }
    }

    /** The contract's four settings; the sniff timeout is {@link #SNIFF_TIMEOUT}. */
    public DataPlaneConfig(int inboundPort, int outboundPort, TlsProvider tlsProvider, Duration connectTimeout) {
        this(inboundPort, outboundPort, tlsProvider, connectTimeout, SNIFF_TIMEOUT);
    }

    public static DataPlaneConfig defaults() {
        return new DataPlaneConfig(INBOUND_PORT, OUTBOUND_PORT, TlsProvider.AUTO, Duration.ofSeconds(10));
    }
}
