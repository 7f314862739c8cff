package dev.bollard.proxy.inbound;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.bollard.identity.SpiffeId;
import dev.bollard.proxy.inbound.ClientHelloSniffer.Verdict;
import dev.bollard.proxy.inbound.InboundPolicy.Action;
import dev.bollard.proxy.log.ConnectionEntry;
import dev.bollard.proxy.log.ConnectionLog;
import dev.bollard.proxy.log.ConnectionRecord.Direction;
import dev.bollard.proxy.log.ConnectionRecord.Transport;
import dev.bollard.proxy.net.OriginalDestination;
import dev.bollard.proxy.relay.HoldHandler;
import dev.bollard.proxy.relay.Upstreams;
import dev.bollard.proxy.state.MtlsPolicy;
import dev.bollard.proxy.state.PeerAuthenticationMode;
import dev.bollard.proxy.tls.PeerIdentity;
import dev.bollard.proxy.tls.TlsContexts;
import dev.bollard.proxy.tls.WorkloadTls;
import dev.bollard.proxy.state.MeshSnapshot;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;

/**
 * The first handler of an inbound (15006) connection: original destination, the snapshot read
 * once, the port's PeerAuthentication mode, the sniff of the first bytes, and then one of: mTLS
 * termination (then the application), plaintext to the application, or a refusal. It replaces
 * itself once decided; the decisions are {@link InboundPolicy} and {@link ClientHelloSniffer}.
 */
public final class InboundHandler extends ChannelInboundHandlerAdapter {
    /** Shared by every connection of one listener. */
    public record Settings(Supplier<MeshSnapshot> mesh, WorkloadTls tls, ConnectionLog log, OriginalDestination.Lookup lookup,
                           Duration connectTimeout, Duration sniffTimeout, Clock clock) {
    }

    private final Settings settings;
    private ConnectionEntry entry;
    private InetSocketAddress original;
    private MtlsPolicy policy;
    private PeerAuthenticationMode mode;
    private ByteBuf sniffed;
    private ScheduledFuture<?> timeout;
    private boolean decided;
    private boolean inputEnded;

    public InboundHandler(Settings settings) {
        this.settings = settings;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        Channel ch = ctx.channel();
        entry = new ConnectionEntry(settings.log(), Direction.INBOUND, (InetSocketAddress) ch.remoteAddress(),
                (InetSocketAddress) ch.localAddress(), settings.clock());
        ConnectionEntry logged = entry;
        ch.closeFuture().addListener(closed -> logged.finish());
        Optional<InetSocketAddress> destination = settings.lookup().of(ch);
        if (destination.isEmpty()) {
            entry.refuse("no original destination: not redirected by iptables (a direct connection to the inbound port is never proxied)");
            decided = true;
            ch.close();
            return;
        }
        original = destination.get();
        entry.destination(original);
        policy = settings.mesh().get().self();
        mode = policy.modeFor(original.getPort());
        entry.policy(policy.source(), mode);
        if (!InboundPolicy.sniffs(mode)) {
            act(ctx, InboundPolicy.decide(mode, Verdict.NEED_MORE));
            return;
        }
        sniffed = ctx.alloc().buffer(512);
        timeout = ctx.executor().schedule(() -> decide(ctx, Verdict.NEED_MORE),
                settings.sniffTimeout().toMillis(), TimeUnit.MILLISECONDS);
        ctx.read();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (decided || !(msg instanceof ByteBuf buf)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        try {
            sniffed.writeBytes(buf);
        } finally {
            buf.release();
        }
        Verdict verdict = ClientHelloSniffer.sniff(sniffed);
        if (verdict != Verdict.NEED_MORE) {
            decide(ctx, verdict);
        } else if (sniffed.readableBytes() > ClientHelloSniffer.MAX_HELLO + 1024) {
            decide(ctx, Verdict.TLS_OTHER);
        } else {
            ctx.read();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ChannelInputShutdownEvent.INSTANCE && !decided && sniffed != null) {
            inputEnded = true;
            Verdict verdict = ClientHelloSniffer.sniff(sniffed);
            decide(ctx, verdict == Verdict.NEED_MORE ? Verdict.TLS_OTHER : verdict);
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        decided = true;
        cleanup();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cleanup();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Upstreams.reset(ctx.channel());
    }

    private void cleanup() {
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
        if (sniffed != null) {
            sniffed.release();
            sniffed = null;
        }
    }

    private void decide(ChannelHandlerContext ctx, Verdict verdict) {
        if (decided) {
            return;
        }
        decided = true;
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
        act(ctx, InboundPolicy.decide(mode, verdict));
    }

    private void act(ChannelHandlerContext ctx, Action action) {
        decided = true;
        Channel ch = ctx.channel();
        ChannelPipeline pipeline = ch.pipeline();
        switch (action) {
            case REFUSE -> {
                entry.refuse(InboundPolicy.refusal(policy));
                ch.close();
            }
            case PLAINTEXT -> {
                entry.transport(Transport.PLAINTEXT);
                pipeline.addAfter(ctx.name(), HoldHandler.NAME, new HoldHandler());
                handOver(ctx);
                AppConnector.connect(ch, original, settings.connectTimeout(), entry);
            }
            case TERMINATE_MTLS -> {
                entry.transport(Transport.MTLS);
                Optional<TlsContexts> contexts = settings.tls().current();
                if (contexts.isEmpty()) {
                    entry.refuse("mTLS offered before this proxy has a workload certificate");
                    ch.close();
                    return;
                }
                SslHandler tls = contexts.get().server().newHandler(ch.alloc());
                pipeline.addAfter(ctx.name(), "tls", tls);
                pipeline.addAfter("tls", HoldHandler.NAME, new HoldHandler());
                tls.handshakeFuture().addListener(done -> {
                    if (!done.isSuccess()) {
                        entry.refuse("mTLS handshake failed: " + Upstreams.reason(done.cause()));
                        ch.close();
                        return;
                    }
                    Optional<SpiffeId> peer = PeerIdentity.of(tls.engine().getSession());
                    if (peer.isEmpty()) {
                        entry.refuse("peer certificate carries no single SPIFFE ID URI SAN");
                        ch.close();
                        return;
                    }
                    entry.peer(peer.get().toString());
                    AppConnector.connect(ch, original, settings.connectTimeout(), entry);
                });
                handOver(ctx);
            }
        }
    }

    /** Removes this handler and replays what it read (and an end of input) into what follows it. */
    private void handOver(ChannelHandlerContext ctx) {
        ByteBuf first = sniffed;
        sniffed = null;
        ChannelPipeline pipeline = ctx.pipeline();
        pipeline.remove(this);
        if (first != null && first.isReadable()) {
            pipeline.fireChannelRead(first);
            pipeline.fireChannelReadComplete();
        } else if (first != null) {
            first.release();
        }
        if (inputEnded) {
            pipeline.fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        }
    }
}
