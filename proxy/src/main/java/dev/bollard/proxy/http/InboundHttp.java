package dev.bollard.proxy.http;

import java.time.Clock;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.bollard.proxy.authz.ConnectionAttributes;
import dev.bollard.proxy.log.ConnectionEntry;
import dev.bollard.proxy.log.ConnectionLog;
import dev.bollard.proxy.log.ConnectionRecord;
import dev.bollard.proxy.state.MeshSnapshot;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;

/**
 * One inbound connection handled as HTTP/1.1: a {@link RequestGuard} on the client side and, once
 * the first allowed request makes the proxy dial the application, a {@link ResponseTracker} on the
 * application side, both in front of the relay and sharing one {@link HttpConnection}.
 */
public final class InboundHttp {
    public static final String NAME = RequestGuard.NAME;

    private final RequestGuard requests;

    /**
     * @param connector dials the application with the given first handler on its side, then splices
     */
    public InboundHttp(Channel downstream, ConnectionEntry entry, ConnectionLog log, Supplier<MeshSnapshot> mesh,
                       ConnectionAttributes attributes, Clock clock, Consumer<Supplier<ChannelHandler>> connector) {
        ConnectionRecord soFar = entry.record();
        HttpConnection conn = new HttpConnection(downstream, entry, log,
                new HttpConnection.Origin(attributes.source(), attributes.destination(), soFar.peer(), soFar.transport()));
        this.requests = new RequestGuard(conn, mesh, attributes, () -> connector.accept(() -> new ResponseTracker(conn)), clock);
    }

    /** The client side's handler, to place after the TLS handler (if any) and before the relay. */
    public ChannelHandler requests() {
        return requests;
    }
}
