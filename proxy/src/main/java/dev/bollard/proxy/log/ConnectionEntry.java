package dev.bollard.proxy.log;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import dev.bollard.proxy.authz.AuthzDecision;
import dev.bollard.proxy.log.ConnectionRecord.Direction;
import dev.bollard.proxy.log.ConnectionRecord.Transport;
import dev.bollard.proxy.state.PeerAuthenticationMode;

/**
 * What is known about one connection so far, filled in by the handlers as it progresses and
 * written exactly once, when the downstream channel closes. Confined to the connection's event loop
 * (the downstream and upstream channels share it), so it needs no locking.
 */
public final class ConnectionEntry {
    private final ConnectionLog log;
    private final Direction direction;
    private final InetSocketAddress source;
    private final Instant start;
    private final long startNanos;
    private InetSocketAddress destination;
    private String peer;
    private Transport transport;
    private String policy;
    private PeerAuthenticationMode mode;
    private String refused;
    private String service;
    private InetSocketAddress upstream;
    private long bytesFromClient;
    private long bytesToClient;
    private AuthzDecision authorization;
    private boolean opened;
    private boolean written;

    public ConnectionEntry(ConnectionLog log, Direction direction, InetSocketAddress source, InetSocketAddress destination,
                           Clock clock) {
        this.log = log;
        this.direction = direction;
        this.source = source;
        this.destination = destination;
        this.start = clock.instant();
        this.startNanos = System.nanoTime();
        this.transport = direction == Direction.INBOUND ? Transport.PLAINTEXT : Transport.PASSTHROUGH;
    }

    public void destination(InetSocketAddress value) {
        destination = value;
    }

    /** The Service ({@code ns/name}) the destination is a ClusterIP:port of. */
    public void service(String value) {
        service = value;
    }

    /** The endpoint dialled in place of the destination (a Service's pod). */
    public void upstream(InetSocketAddress value) {
        upstream = value;
    }

    public void peer(String value) {
        peer = value;
    }

    public void transport(Transport value) {
        transport = value;
    }

    public void policy(String source, PeerAuthenticationMode value) {
        policy = source;
        mode = value;
    }

    /** The first reason wins: later ones are consequences (for example, the close it caused). */
    public void refuse(String reason) {
        if (refused == null) {
            refused = reason;
        }
    }

    public boolean refused() {
        return refused != null;
    }

    public void fromClient(long bytes) {
        bytesFromClient += bytes;
    }

    public void toClient(long bytes) {
        bytesToClient += bytes;
    }

    public ConnectionRecord record() {
        return new ConnectionRecord(start, direction, source, destination, Optional.ofNullable(peer), transport,
                bytesFromClient, bytesToClient, (System.nanoTime() - startNanos) / 1_000_000,
                Optional.ofNullable(policy), Optional.ofNullable(mode), Optional.ofNullable(refused), Optional.ofNullable(service),
                Optional.ofNullable(upstream), Optional.ofNullable(authorization));
    }

    /** What AuthorizationPolicy decided for the connection as a whole (TCP, not HTTP). */
    public void authorization(AuthzDecision value) {
        authorization = value;
    }

    /**
     * The connection is established end to end (spliced): tells the log once, for the
     * connections-opened counters. Later calls do nothing.
     */
    public void opened() {
        if (opened) {
            return;
        }
        opened = true;
        try {
            log.opened(record());
        } catch (RuntimeException e) {
            System.err.println("connection log: " + e);
        }
    }

    /** Writes the line once; later calls do nothing. */
    public void finish() {
        if (written) {
            return;
        }
        written = true;
        try {
            log.write(record());
        } catch (RuntimeException e) {
            // a broken log sink must not break the data plane
            System.err.println("connection log: " + e);
        }
    }
}
