package dev.bollard.proxy.outbound;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

import dev.bollard.identity.SpiffeId;
import dev.bollard.proxy.log.ConnectionEntry;
import dev.bollard.proxy.log.ConnectionLog;
import dev.bollard.proxy.log.ConnectionRecord.Direction;
import dev.bollard.proxy.log.ConnectionRecord.Transport;
import dev.bollard.proxy.net.OriginalDestination;
import dev.bollard.proxy.outbound.OutboundRoutes.MeshMtls;
import dev.bollard.proxy.outbound.OutboundRoutes.Route;
import dev.bollard.proxy.relay.HoldHandler;
import dev.bollard.proxy.relay.Relay;
import dev.bollard.proxy.relay.Upstreams;
import dev.bollard.proxy.state.MeshSnapshot;
import dev.bollard.proxy.tls.TlsContexts;
import dev.bollard.proxy.tls.WorkloadTls;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.ssl.SslHandler;

/**
 * The first handler of an outbound (15001) connection: original destination, the route
 * ({@link OutboundRoutes}, from the snapshot read once), the upstream connect — to the same address
 * and port, or to the endpoint picked for a Service's ClusterIP — mTLS with secure naming
 * ({@link SecureNaming}) to a meshed pod, plain TCP otherwise — and the splice. It replaces
 * itself with a {@link HoldHandler} at once: the application's first bytes wait there while the
 * upstream connects.
 */
public final class OutboundHandler extends ChannelInboundHandlerAdapter {
    /**
     * Shared by every connection of one listener.
     *
     * @param picker chooses a Service endpoint; one rotation for the whole listener
     */
    public record Settings(Supplier<MeshSnapshot> mesh, WorkloadTls tls, ConnectionLog log, OriginalDestination.Lookup lookup,
                           Duration connectTimeout, Clock clock, EndpointPicker picker) {
        /** Round robin over each Service's endpoints. */
        public Settings(Supplier<MeshSnapshot> mesh, WorkloadTls tls, ConnectionLog log, OriginalDestination.Lookup lookup,
                        Duration connectTimeout, Clock clock) {
            this(mesh, tls, log, lookup, connectTimeout, clock, EndpointPicker.roundRobin());
        }
    }

    private final Settings settings;

    public OutboundHandler(Settings settings) {
        this.settings = settings;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        Channel ch = ctx.channel();
        ConnectionEntry entry = new ConnectionEntry(settings.log(), Direction.OUTBOUND, (InetSocketAddress) ch.remoteAddress(),
                (InetSocketAddress) ch.localAddress(), settings.clock());
        ch.closeFuture().addListener(closed -> entry.finish());
        ctx.pipeline().replace(this, HoldHandler.NAME, new HoldHandler());
        Optional<InetSocketAddress> destination = settings.lookup().of(ch);
        if (destination.isEmpty()) {
            entry.refuse("no original destination: not redirected by iptables (a direct connection to the outbound port is never proxied)");
            ch.close();
            return;
        }
        entry.destination(destination.get());
        MeshSnapshot snapshot = Optional.ofNullable(settings.mesh().get()).orElse(MeshSnapshot.EMPTY);
        Route route = OutboundRoutes.resolve(snapshot, destination.get(), settings.picker());
        route.service().ifPresent(entry::service);
        if (!route.destination().equals(destination.get())) {
            entry.upstream(route.destination());
        }
        if (route instanceof MeshMtls mesh) {
            mtls(ch, mesh, entry);
        } else {
            entry.transport(Transport.PASSTHROUGH);
            connect(ch, route.destination(), null, entry, upstream -> Relay.splice(ch, upstream, entry));
        }
    }

    private void mtls(Channel ch, MeshMtls route, ConnectionEntry entry) {
        entry.transport(Transport.MTLS);
        Optional<TlsContexts> contexts = settings.tls().current();
        if (contexts.isEmpty()) {
            entry.refuse("no workload certificate yet: cannot open mTLS to " + route.endpoint().workload());
            Upstreams.reset(ch);
            return;
        }
        connect(ch, route.destination(), contexts.get(), entry, upstream -> {
            SslHandler tls = upstream.pipeline().get(SslHandler.class);
            tls.handshakeFuture().addListener(done -> {
                if (!done.isSuccess()) {
                    entry.refuse("mTLS handshake with " + route.endpoint().workload() + " failed: " + Upstreams.reason(done.cause()));
                    upstream.close();
                    Upstreams.reset(ch);
                    return;
                }
                Optional<SpiffeId> peer = peerIdentity(tls);
                peer.ifPresent(id -> entry.peer(id.toString()));
                Optional<String> refusal = SecureNaming.check(route.endpoint(), tls.applicationProtocol(), peer);
                if (refusal.isPresent()) {
                    entry.refuse(refusal.get());
                    upstream.close();
                    ch.close();
                    return;
                }
                if (ch.isActive()) {
                    Relay.splice(ch, upstream, entry);
                } else {
                    upstream.close();
                }
            });
        });
    }

    private void connect(Channel downstream, InetSocketAddress destination, TlsContexts tls, ConnectionEntry entry,
                         java.util.function.Consumer<Channel> onConnected) {
        ChannelFuture connect = Upstreams.connect(downstream, destination, null, settings.connectTimeout(), new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel upstream) {
                if (tls != null) {
                    // named by the endpoint, the client context keeps the session the peer proxy
                    // issues a ticket for, and the next connection there resumes it: no certificate
                    // sent, signed or verified again (an IP literal is never sent as SNI)
                    upstream.pipeline().addLast("tls", tls.client().newHandler(upstream.alloc(),
                            destination.getAddress().getHostAddress(), destination.getPort()));
                }
                upstream.pipeline().addLast(HoldHandler.NAME, new HoldHandler());
            }
        });
        Channel upstream = connect.channel();
        downstream.closeFuture().addListener(closed -> Relay.abandonUnlessSpliced(upstream));
        connect.addListener(done -> {
            if (!done.isSuccess()) {
                entry.refuse("connect to " + destination.getAddress().getHostAddress() + ":" + destination.getPort()
                        + " failed: " + Upstreams.reason(done.cause()));
                Upstreams.reset(downstream);
            } else if (!downstream.isActive()) {
                upstream.close();
            } else {
                onConnected.accept(upstream);
            }
        });
    }

    /** Empty when the peer's certificate names no single SPIFFE ID: {@link SecureNaming} refuses that. */
    private static Optional<SpiffeId> peerIdentity(SslHandler tls) {
        try {
            return Optional.of(TlsContexts.peerIdentity(tls.engine().getSession()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
