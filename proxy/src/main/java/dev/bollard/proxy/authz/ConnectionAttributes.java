package dev.bollard.proxy.authz;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * What an inbound connection offers to AuthorizationPolicy matching, in Istio's attribute names:
 * {@code source.ip} / {@code source.principal} / {@code source.namespace} come from
 * {@link #source} and {@link #principal}, {@code destination.ip} / {@code destination.port} from
 * {@link #destination} (the original destination: the pod IP and application port), and
 * {@code connection.sni} from {@link #sni}.
 *
 * @param principal the peer's identity as Istio writes principals: the SPIFFE ID without
 *                  {@code spiffe://} ({@code cluster.local/ns/a/sa/b}); empty without mTLS
 * @param sni       the server name the client asked for in its ClientHello, if any
 */
public record ConnectionAttributes(InetSocketAddress source, InetSocketAddress destination, Optional<String> principal,
                                   Optional<String> sni) {
    public ConnectionAttributes {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(sni, "sni");
    }
}
