package dev.bollard.proxy.inbound;

import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.bollard.identity.SpiffeId;
import dev.bollard.proxy.inbound.ClientHelloSniffer.Verdict;
import dev.bollard.proxy.inbound.InboundHandler.Facts;
import dev.bollard.proxy.inbound.InboundHandler.Settings;
import dev.bollard.proxy.log.ConnectionRecord.Transport;
import dev.bollard.proxy.relay.HoldHandler;
import dev.bollard.proxy.relay.Upstreams;
import dev.bollard.proxy.tls.PeerIdentity;
import dev.bollard.proxy.tls.TlsContexts;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;

/**
 * Reads an inbound connection's first bytes until {@link ClientHelloSniffer} can tell, the sniff
 * timeout passes, or the client ends its input; then acts on {@link InboundPolicy}'s decision:
 * refuse (close, with the reason in the log), plaintext to the application, or mTLS termination
 * (server TLS, client certificate required and chained to the mesh roots, the peer's SPIFFE ID
 * read) and then the application. It replaces itself and replays what it read into what follows.
 */
final class SniffHandler extends ChannelInboundHandlerAdapter {
    static final String NAME = "sniff";

    private final Settings settings;
    private final Facts facts;
    private ChannelHandlerContext ctx;
    private ByteBuf sniffed;
    private ScheduledFuture<?> timeout;
    private boolean decided;
    private boolean inputEnded;

    SniffHandler(Settings settings, Facts facts) {
        this.settings = settings;
        this.facts = facts;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** Starts sniffing: the first read and the timeout. */
    void start(Channel ch) {
        sniffed = ch.alloc().buffer(512);
        timeout = ch.eventLoop().schedule(() -> decide(Verdict.NEED_MORE), settings.sniffTimeout().toMillis(), TimeUnit.MILLISECONDS);
        ch.read();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (decided || sniffed == null || !(msg instanceof ByteBuf buf)) {
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
            decide(verdict);
        } else if (sniffed.readableBytes() > ClientHelloSniffer.MAX_HELLO + 1024) {
            decide(Verdict.TLS_OTHER);
        } else {
            ctx.read();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ChannelInputShutdownEvent.INSTANCE && !decided && sniffed != null) {
            inputEnded = true;
            Verdict verdict = ClientHelloSniffer.sniff(sniffed);
            decide(verdict == Verdict.NEED_MORE ? Verdict.TLS_OTHER : verdict);
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

    void decide(Verdict verdict) {
        if (decided) {
            return;
        }
        decided = true;
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
        Channel ch = ctx.channel();
        ChannelPipeline pipeline = ch.pipeline();
        switch (InboundPolicy.decide(facts.mode(), verdict)) {
            case REFUSE -> {
                facts.entry().refuse(InboundPolicy.refusal(facts.policy()));
                ch.close();
            }
            case PLAINTEXT -> {
                facts.entry().transport(Transport.PLAINTEXT);
                pipeline.addAfter(NAME, HoldHandler.NAME, new HoldHandler());
                handOver();
                AppConnector.connect(ch, facts.original(), settings.connectTimeout(), facts.entry());
            }
            case TERMINATE_MTLS -> terminate(ch, pipeline);
        }
    }

    private void terminate(Channel ch, ChannelPipeline pipeline) {
        facts.entry().transport(Transport.MTLS);
        Optional<TlsContexts> contexts = settings.tls().current();
        if (contexts.isEmpty()) {
            facts.entry().refuse("mTLS offered before this proxy has a workload certificate");
            ch.close();
            return;
        }
        SslHandler tls = contexts.get().server().newHandler(ch.alloc());
        pipeline.addAfter(NAME, "tls", tls);
        pipeline.addAfter("tls", HoldHandler.NAME, new HoldHandler());
        tls.handshakeFuture().addListener(done -> {
            if (!done.isSuccess()) {
                facts.entry().refuse("mTLS handshake failed: " + Upstreams.reason(done.cause()));
                ch.close();
                return;
            }
            Optional<SpiffeId> peer = PeerIdentity.of(tls.engine().getSession());
            if (peer.isEmpty()) {
                facts.entry().refuse("peer certificate carries no single SPIFFE ID URI SAN");
                ch.close();
                return;
            }
            facts.entry().peer(peer.get().toString());
            AppConnector.connect(ch, facts.original(), settings.connectTimeout(), facts.entry());
        });
        handOver();
    }

    /** Removes this handler and replays what it read (and an end of input) into what follows it. */
    private void handOver() {
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
