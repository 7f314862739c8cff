package dev.bollard.proxy.log;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import dev.bollard.proxy.authz.AuthzDecision;
import dev.bollard.proxy.log.ConnectionRecord.Direction;
import dev.bollard.proxy.log.ConnectionRecord.Transport;

/**
 * One HTTP/1.1 request the proxy saw on a connection, written once when its response ended, when
 * the proxy answered it itself (403), or when the connection ended under it.
 *
 * @param start          when the request head arrived
 * @param source         the connection's downstream client
 * @param destination    the connection's original destination
 * @param peer           the connection's peer SPIFFE ID (mTLS), empty otherwise
 * @param method         request method as sent
 * @param path           request target as sent
 * @param authority      {@code Host} as sent, empty when absent
 * @param status         the response status; 0 when no response came (the connection ended first)
 * @param requestBytes   request head and body bytes as received
 * @param responseBytes  response head and body bytes as sent back
 * @param durationMs     from the request head to the end of the response
 * @param authorization  what AuthorizationPolicy decided for this request (inbound)
 * @param service        outbound: the Service whose ClusterIP:port was the destination
 */
public record RequestRecord(Instant start, Direction direction, InetSocketAddress source, InetSocketAddress destination,
                            Optional<String> peer, Transport transport, String method, String path, String authority,
                            int status, long requestBytes, long responseBytes, long durationMs,
                            Optional<AuthzDecision> authorization, Optional<String> service) {
    public RequestRecord {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(authority, "authority");
        Objects.requireNonNull(authorization, "authorization");
        Objects.requireNonNull(service, "service");
    }
}
