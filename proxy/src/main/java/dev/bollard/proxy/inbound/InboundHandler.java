package dev.bollard.proxy.inbound;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

import dev.bollard.proxy.inbound.ClientHelloSniffer.Verdict;
import dev.bollard.proxy.log.ConnectionEntry;
import dev.bollard.proxy.log.ConnectionLog;
import dev.bollard.proxy.log.ConnectionRecord.Direction;
import dev.bollard.proxy.net.OriginalDestination;
import dev.bollard.proxy.state.MeshSnapshot;
import dev.bollard.proxy.state.MtlsPolicy;
import dev.bollard.proxy.state.PeerAuthenticationMode;
import dev.bollard.proxy.tls.WorkloadTls;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The first handler of an inbound (15006) connection: the original destination (the application
 * port), the snapshot read once, and the port's effective PeerAuthentication mode. DISABLE goes to
 * the application as is; every other mode hands over to {@link SniffHandler}, which looks at the
 * first bytes and decides with {@link InboundPolicy}.
 */
public final class InboundHandler extends ChannelInboundHandlerAdapter {
    /** Shared by every connection of one listener. */
    public record Settings(Supplier<MeshSnapshot> mesh, WorkloadTls tls, ConnectionLog log, OriginalDestination.Lookup lookup,
                           Duration connectTimeout, Duration sniffTimeout, Clock clock) {
    }

    /** What the following handlers need to know about the connection. */
    record Facts(ConnectionEntry entry, InetSocketAddress original, MtlsPolicy policy, PeerAuthenticationMode mode) {
    }

    private final Settings settings;

    public InboundHandler(Settings settings) {
        this.settings = settings;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        Channel ch = ctx.channel();
        ConnectionEntry entry = new ConnectionEntry(settings.log(), Direction.INBOUND, (InetSocketAddress) ch.remoteAddress(),
                (InetSocketAddress) ch.localAddress(), settings.clock());
        ch.closeFuture().addListener(closed -> entry.finish());
        Optional<InetSocketAddress> destination = settings.lookup().of(ch);
        if (destination.isEmpty()) {
            entry.refuse("no original destination: not redirected by iptables (a direct connection to the inbound port is never proxied)");
            ch.close();
            return;
        }
        entry.destination(destination.get());
        MeshSnapshot snapshot = Optional.ofNullable(settings.mesh().get()).orElse(MeshSnapshot.EMPTY);
        MtlsPolicy policy = snapshot.self();
        PeerAuthenticationMode mode = policy.modeFor(destination.get().getPort());
        entry.policy(policy.source(), mode);
        Facts facts = new Facts(entry, destination.get(), policy, mode);
        SniffHandler next = new SniffHandler(settings, facts);
        ctx.pipeline().replace(this, SniffHandler.NAME, next);
        if (InboundPolicy.sniffs(mode)) {
            next.start(ch);
        } else {
            next.decide(Verdict.NEED_MORE); // DISABLE: plaintext, whatever the client sends
        }
    }
}
