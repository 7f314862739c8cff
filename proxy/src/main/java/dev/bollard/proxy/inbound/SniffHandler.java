package dev.bollard.proxy.inbound;

import java.util.Optional;

import dev.bollard.identity.SpiffeId;
import dev.bollard.proxy.inbound.ClientHelloSniffer.Verdict;
import dev.bollard.proxy.inbound.InboundHandler.Facts;
import dev.bollard.proxy.inbound.InboundHandler.Settings;
import dev.bollard.proxy.log.ConnectionRecord.Transport;
import dev.bollard.proxy.relay.Upstreams;
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
    /** Null when the mode is not sniffed (DISABLE). */
    private FirstBytes first;
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
        first = new FirstBytes(ch.alloc());
        first.timeout(ch.eventLoop(), settings.sniffTimeout(), () -> decide(Verdict.NEED_MORE));
        ch.read();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (decided || first == null) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (!first.append(msg)) {
            return;
        }
        ByteBuf sniffed = first.view();
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
        if (evt == ChannelInputShutdownEvent.INSTANCE && !decided && first != null && first.view() != null) {
            inputEnded = true;
            Verdict verdict = ClientHelloSniffer.sniff(first.view());
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
        if (first != null) {
            first.release();
        }
    }

    void decide(Verdict verdict) {
        if (decided) {
            return;
        }
        decided = true;
        if (first != null) {
            first.cancelTimeout();
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
                ProtocolHandler next = protocol(verdict);
                pipeline.addAfter(NAME, ProtocolHandler.NAME, next);
                handOver();
                next.start(Optional.empty());
            }
            case TERMINATE_MTLS -> terminate(ch, pipeline);
        }
    }

    /** What follows, knowing the client's server name and whether it stayed silent for the whole timeout. */
    private ProtocolHandler protocol(Verdict verdict) {
        Optional<String> sni = first == null || first.view() == null ? Optional.empty() : ClientHelloSniffer.serverName(first.view());
        boolean silent = verdict == Verdict.NEED_MORE && first != null && first.isEmpty() && !inputEnded;
        return new ProtocolHandler(settings, facts, sni, silent);
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
        ProtocolHandler next = protocol(Verdict.MESH_MTLS);
        pipeline.addAfter(NAME, "tls", tls);
        pipeline.addAfter("tls", ProtocolHandler.NAME, next);
        tls.handshakeFuture().addListener(done -> {
            if (!done.isSuccess()) {
                facts.entry().refuse("mTLS handshake failed: " + Upstreams.reason(done.cause()));
                ch.close();
                return;
            }
            SpiffeId peer;
            try {
                peer = TlsContexts.peerIdentity(tls.engine().getSession());
            } catch (IllegalArgumentException e) {
                facts.entry().refuse("peer has no SPIFFE ID: " + e.getMessage());
                ch.close();
                return;
            }
            facts.entry().peer(peer.toString());
            next.start(Optional.of(peer));
        });
        handOver();
    }

    /** Removes this handler and replays what it read (and an end of input) into what follows it. */
    private void handOver() {
        ByteBuf bytes = first == null ? null : first.take();
        ChannelPipeline pipeline = ctx.pipeline();
        pipeline.remove(this);
        if (bytes != null && bytes.isReadable()) {
            pipeline.fireChannelRead(bytes);
            pipeline.fireChannelReadComplete();
        } else if (bytes != null) {
            bytes.release();
        }
        if (inputEnded) {
            pipeline.fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        }
    }
}
