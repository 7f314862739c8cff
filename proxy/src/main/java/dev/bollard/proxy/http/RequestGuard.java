package dev.bollard.proxy.http;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

import dev.bollard.proxy.authz.Authorizer;
import dev.bollard.proxy.authz.AuthzDecision;
import dev.bollard.proxy.authz.ConnectionAttributes;
import dev.bollard.proxy.authz.RequestAttributes;
import dev.bollard.proxy.state.MeshSnapshot;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * The client side of an inbound HTTP/1.1 connection, in front of the relay: frames each request
 * (head, then body by Content-Length or chunked), asks AuthorizationPolicy about it, and forwards
 * the very bytes of an allowed request (never re-encoded, never re-ordered) or drops a denied one
 * and has {@link HttpConnection} answer 403 in its place. The policy is read from the current
 * snapshot for every request, so a change applies to open keep-alive connections.
 * <p>
 * Why not Netty's {@code HttpRequestDecoder}: it turns bytes into message objects, and forwarding
 * them means re-encoding (header spacing, chunk extensions and sizes rewritten), while the contract
 * is byte fidelity; its object stream also hides where in the input a message ended, which the
 * pipelining order needs. Framing by hand on the original buffers is a few small pure classes
 * ({@link HttpHeads}, {@link Framing}, {@link BodyReader}) and keeps the relay's zero-copy path.
 * <p>
 * Reads: once the application connection is spliced the relay drives reading (and backpressure);
 * before the first request is forwarded this handler asks for the next read itself, which is
 * bounded, since it only keeps a head (at most {@link HttpHeads#MAX_HEAD}) or skips denied bytes.
 */
public final class RequestGuard extends ChannelInboundHandlerAdapter implements HttpConnection.Switch {
    public static final String NAME = "http-requests";

    private enum State { HEAD, BODY, AWAIT_SWITCH, BYTES, CLOSED }

    private final HttpConnection conn;
    private final Supplier<MeshSnapshot> mesh;
    private final ConnectionAttributes attributes;
    private final Runnable connect;
    private final Clock clock;
    private final Cumulation cumulation = new Cumulation();
    private ChannelHandlerContext ctx;
    private State state = State.HEAD;
    private Exchange current;
    private BodyReader body;
    private boolean connected;

    /**
     * @param connect dials the application and splices; run once, at the first forwarded request
     *                (a connection whose requests are all denied never reaches the application)
     */
    public RequestGuard(HttpConnection conn, Supplier<MeshSnapshot> mesh, ConnectionAttributes attributes, Runnable connect,
                        Clock clock) {
        this.conn = conn;
        this.mesh = mesh;
        this.attributes = attributes;
        this.connect = connect;
        this.clock = clock;
        conn.requests(this);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (state == State.BYTES && cumulation.size() == 0) {
            ctx.fireChannelRead(buf);
            return;
        }
        process(cumulation.add(buf));
    }

    private void process(ByteBuf in) {
        try {
            while (in.isReadable() && step(in)) {
                // each step consumes a head or a part of a body
            }
        } catch (MalformedHttpException e) {
            reject(in, e);
        }
        if (state == State.BYTES && in.isReadable()) {
            ctx.fireChannelRead(in.readRetainedSlice(in.readableBytes()));
        } else if (state == State.CLOSED && in.isReadable()) {
            conn.entry().fromClient(in.readableBytes());
            in.skipBytes(in.readableBytes());
        }
        cumulation.keep(in);
        if (!connected && !ctx.channel().config().isAutoRead() && (state == State.HEAD || state == State.BODY)) {
            ctx.read();
        }
    }

    private boolean step(ByteBuf in) throws MalformedHttpException {
        switch (state) {
            case HEAD -> {
                int length = HttpHeads.end(in, HttpHeads.MAX_HEAD);
                if (length < 0) {
                    if (HttpDetector.sniff(in) == HttpDetector.Verdict.OTHER) {
                        // no request line can start like this: say so now, not when a head would have ended
                        throw new MalformedHttpException(400, "not an HTTP/1.x request");
                    }
                    return false;
                }
                head(in, length);
                return true;
            }
            case BODY -> {
                int n = body.consume(in);
                pass(in, n);
                return bodyEnded() || n > 0;
            }
            case AWAIT_SWITCH -> {
                if (in.readableBytes() > HttpHeads.MAX_HEAD) {
                    throw new MalformedHttpException(431, "over " + HttpHeads.MAX_HEAD / 1024
                            + " KiB sent before the application answered the upgrade");
                }
                return false;
            }
            default -> {
                return false;
            }
        }
    }

    private void head(ByteBuf in, int length) throws MalformedHttpException {
        HttpHead head = HttpHeads.request(in, length);
        Framing framing = Framing.request(head);
        RequestTarget target = RequestTarget.of(head.first(), head.second(), head.value("host").orElse(""));
        Authorizer authorizer = Optional.ofNullable(mesh.get()).orElse(MeshSnapshot.EMPTY).authorization();
        Optional<AuthzDecision> decision = authorizer.isEmpty() ? Optional.empty() : Optional.of(Decisions.guarded(() ->
                authorizer.request(attributes, new RequestAttributes(head.first(), target.path(), target.authority(), head.headerMap()))));
        boolean allowed = decision.map(AuthzDecision::allowed).orElse(true);
        current = new Exchange(clock.instant(), head, decision, allowed);
        // CONNECT has no body of its own: what follows its head belongs to the tunnel
        body = new BodyReader(head.first().equals("CONNECT") ? Framing.NONE : framing);
        state = State.BODY;
        if (allowed) {
            pass(in, length);
            if (conn.add(current) && !connected) {
                connected = true;
                connect.run();
            }
            bodyEnded();
            return;
        }
        boolean close = !head.keepAlive() || head.first().equals("CONNECT")
                || !body.done() && head.tokens("expect").contains("100-continue");
        current.reply = LocalReply.denied(close, head.minor() == 0);
        current.closeAfterReply = close;
        pass(in, length);
        if (close) {
            current.requestEnded = true;
            state = State.CLOSED;
        }
        if (conn.add(current)) {
            bodyEnded();
        }
    }

    /** After a part of the body (or a head without one): the request ended when the body did. */
    private boolean bodyEnded() {
        if (state != State.BODY || !body.done()) {
            return false;
        }
        conn.requestEnded(current);
        state = current.forwarded && current.switching ? State.AWAIT_SWITCH : State.HEAD;
        return true;
    }

    /** Forwards (allowed) or drops (denied) the next {@code n} bytes of the current request. */
    private void pass(ByteBuf in, int n) {
        if (n == 0) {
            return;
        }
        current.requestBytes += n;
        if (current.forwarded) {
            ctx.fireChannelRead(in.readRetainedSlice(n));
        } else {
            conn.entry().fromClient(n);
            in.skipBytes(n);
        }
    }

    /** A request the proxy will not parse: answered (400, 431, 505) in its turn, then the connection closes. */
    private void reject(ByteBuf in, MalformedHttpException e) {
        if (state == State.BODY && current.forwarded) {
            // the application has the head and part of the body already: only a close can end it
            current.requestEnded = true;
            state = State.CLOSED;
            conn.entry().refuse("malformed HTTP request body: " + e.getMessage());
            dev.bollard.proxy.relay.Upstreams.reset(ctx.channel());
            return;
        }
        current = new Exchange(clock.instant(), null, Optional.empty(), false);
        current.requestBytes = in.readableBytes();
        current.reply = LocalReply.rejected(e.status());
        current.closeAfterReply = true;
        current.requestEnded = true;
        state = State.CLOSED;
        conn.add(current);
    }

    @Override
    public void switched() {
        state = State.BYTES;
        ByteBuf held = cumulation.take();
        if (held != null) {
            ctx.fireChannelRead(held);
            ctx.fireChannelReadComplete();
        }
    }

    @Override
    public void declined() {
        if (state == State.AWAIT_SWITCH) {
            state = State.HEAD;
            ByteBuf held = cumulation.take();
            if (held != null) {
                process(held);
            }
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ChannelInputShutdownEvent.INSTANCE && !connected) {
            // nothing was forwarded, so there is no relay to end the connection: end it after the answers
            ReferenceCountUtil.release(evt);
            ctx.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        conn.end();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cumulation.release();
    }
}
