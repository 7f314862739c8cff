package dev.bollard.proxy.log;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import dev.bollard.proxy.authz.AuthzDecision;
import dev.bollard.proxy.state.PeerAuthenticationMode;

/**
 * What the connection log says about one connection, written once at its end.
 *
 * @param start            when the proxy accepted the connection (the line's timestamp)
 * @param source           the downstream client's address
 * @param destination      the original destination (inbound: the pod's IP and the application port)
 * @param peer             the peer's SPIFFE ID as its certificate states it (outbound: the server's,
 *                         also when it is refused for not being the one listed); empty without mTLS
 * @param bytesFromClient  bytes the downstream client sent towards the upstream
 * @param bytesToClient    bytes the upstream sent back to the downstream client
 * @param policy           inbound only: the PeerAuthentication that decided the mode ({@code ns/name})
 * @param mode             inbound only: the effective mode for the original port
 * @param refused          why the proxy refused or cut the connection, if it did
 * @param service          outbound only: the Service ({@code ns/name}) whose ClusterIP:port the destination is
 * @param upstream         outbound only: the endpoint the proxy dialled instead of the destination, if it did
 * @param authorization    inbound TCP (not HTTP) only: what AuthorizationPolicy decided for the connection
 */
public record ConnectionRecord(Instant start, Direction direction, InetSocketAddress source, InetSocketAddress destination,
                               Optional<String> peer, Transport transport, long bytesFromClient, long bytesToClient,
                               long durationMs, Optional<String> policy, Optional<PeerAuthenticationMode> mode,
                               Optional<String> refused, Optional<String> service, Optional<InetSocketAddress> upstream,
                               Optional<AuthzDecision> authorization) {
    public enum Direction { INBOUND, OUTBOUND }

    /** How the bytes crossed: mesh mTLS, inbound plaintext (allowed or refused), outbound plain TCP. */
    public enum Transport { MTLS, PLAINTEXT, PASSTHROUGH }

    public ConnectionRecord {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(refused, "refused");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(authorization, "authorization");
    }

    /** A connection that AuthorizationPolicy did not decide. */
    public ConnectionRecord(Instant start, Direction direction, InetSocketAddress source, InetSocketAddress destination,
                            Optional<String> peer, Transport transport, long bytesFromClient, long bytesToClient,
                            long durationMs, Optional<String> policy, Optional<PeerAuthenticationMode> mode,
                            Optional<String> refused, Optional<String> service, Optional<InetSocketAddress> upstream) {
        this(start, direction, source, destination, peer, transport, bytesFromClient, bytesToClient, durationMs, policy, mode,
                refused, service, upstream, Optional.empty());
    }

    /** A connection that did not go to a Service. */
    public ConnectionRecord(Instant start, Direction direction, InetSocketAddress source, InetSocketAddress destination,
                            Optional<String> peer, Transport transport, long bytesFromClient, long bytesToClient,
                            long durationMs, Optional<String> policy, Optional<PeerAuthenticationMode> mode,
                            Optional<String> refused) {
        this(start, direction, source, destination, peer, transport, bytesFromClient, bytesToClient, durationMs, policy, mode,
                refused, Optional.empty(), Optional.empty());
    }
}
