package dev.bollard.proxy.inbound;

import java.net.InetSocketAddress;
import java.util.Optional;

import dev.bollard.identity.SpiffeId;
import dev.bollard.proxy.authz.Authorizer;
import dev.bollard.proxy.authz.AuthzDecision;
import dev.bollard.proxy.authz.ConnectionAttributes;
import dev.bollard.proxy.http.Decisions;
import dev.bollard.proxy.http.HttpDetector;
import dev.bollard.proxy.http.HttpDetector.Verdict;
import dev.bollard.proxy.http.InboundHttp;
import dev.bollard.proxy.inbound.InboundHandler.Facts;
import dev.bollard.proxy.inbound.InboundHandler.Settings;
import dev.bollard.proxy.relay.HoldHandler;
import dev.bollard.proxy.state.MeshSnapshot;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * The last step before the application, on every connection that reaches it (plaintext as
 * admitted, or mTLS once terminated and the peer known): reads the application protocol's first
 * bytes until {@link HttpDetector} can tell HTTP/1.x, the sniff timeout passes (a client that
 * waits for the server to speak first), or the client ends its input; anything but HTTP is TCP.
 * TCP is authorized once, for the connection (denied: closed, as Envoy's network RBAC filter
 * does); HTTP goes to {@link InboundHttp}, which authorizes every request.
 */
final class ProtocolHandler extends ChannelInboundHandlerAdapter {
    static final String NAME = "protocol";

    private final Settings settings;
    private final Facts facts;
    private final Optional<String> sni;
    private final boolean silent;
    private ChannelHandlerContext ctx;
    private FirstBytes first;
    private Optional<String> principal = Optional.empty();
    private boolean started;
    private boolean decided;
    private boolean inputEnded;

    /**
     * @param sni    the server name of the client's ClientHello, if it sent one
     * @param silent the client already sent nothing for a whole sniff timeout: TCP without waiting again
     */
    ProtocolHandler(Settings settings, Facts facts, Optional<String> sni, boolean silent) {
        this.settings = settings;
        this.facts = facts;
        this.sni = sni;
        this.silent = silent;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        first = new FirstBytes(ctx.alloc());
    }

    /** Starts deciding, once the peer is known (mTLS) or at once (plaintext). */
    void start(Optional<SpiffeId> peer) {
        principal = peer.map(id -> id.toString().substring("spiffe://".length()));
        started = true;
        if (decided) {
            return; // the connection closed first
        }
        if (silent && first.isEmpty()) {
            decide(Verdict.OTHER);
            return;
        }
        first.timeout(ctx.executor(), settings.sniffTimeout(), () -> decide(Verdict.OTHER));
        evaluate();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (first.append(msg) && started && !decided) {
            evaluate();
        }
    }

    private void evaluate() {
        Verdict verdict = HttpDetector.sniff(first.view());
        if (verdict != Verdict.NEED_MORE || inputEnded) {
            decide(verdict == Verdict.HTTP ? Verdict.HTTP : Verdict.OTHER);
        } else {
            ctx.read();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (HoldHandler.endsInput(evt)) {
            inputEnded = true;
            if (!HoldHandler.closedMidHandshake(ctx) && started && !decided) {
                evaluate();
            }
            ReferenceCountUtil.release(evt);
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        decided = true;
        first.release();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        first.release();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    private void decide(Verdict verdict) {
        if (decided) {
            return;
        }
        decided = true;
        first.cancelTimeout();
        Channel ch = ctx.channel();
        ConnectionAttributes attributes = new ConnectionAttributes((InetSocketAddress) ch.remoteAddress(), facts.original(),
                principal, sni);
        if (verdict == Verdict.HTTP) {
            InboundHttp http = new InboundHttp(ch, facts.entry(), settings.log(), settings.mesh(), attributes, settings.clock(),
                    upstreamFirst -> AppConnector.connect(ch, facts.original(), settings.connectTimeout(), facts.entry(), upstreamFirst));
            ctx.pipeline().addAfter(NAME, InboundHttp.NAME, http.requests());
            ctx.pipeline().addAfter(InboundHttp.NAME, HoldHandler.NAME, new HoldHandler());
            handOver();
            return;
        }
        Authorizer authorizer = Optional.ofNullable(settings.mesh().get()).orElse(MeshSnapshot.EMPTY).authorization();
        if (!authorizer.isEmpty()) {
            AuthzDecision decision = Decisions.guarded(() -> authorizer.connection(attributes));
            facts.entry().authorization(decision);
            if (!decision.allowed()) {
                facts.entry().refuse("denied by AuthorizationPolicy " + (decision.policy().isEmpty()
                        ? "(" + decision.reason() + ")" : decision.policy()));
                ch.close();
                return;
            }
        }
        ctx.pipeline().addAfter(NAME, HoldHandler.NAME, new HoldHandler());
        handOver();
        AppConnector.connect(ch, facts.original(), settings.connectTimeout(), facts.entry(), null);
    }

    /** Removes this handler and replays what it read (and an end of input) into what follows it. */
    private void handOver() {
        ByteBuf bytes = first.take();
        if (bytes.isReadable()) {
            ctx.fireChannelRead(bytes);
            ctx.fireChannelReadComplete();
        } else {
            bytes.release();
        }
        if (inputEnded) {
            ctx.fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        }
        ctx.pipeline().remove(this);
    }
}
