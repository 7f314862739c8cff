package dev.bollard.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * The application side of an inbound HTTP/1.1 connection, in front of the relay: follows the
 * responses (status line, then the body by Content-Length, chunked or the connection's end; none
 * after HEAD, 1xx, 204 and 304) without changing a byte, so that each request's record gets its
 * status and sizes and the proxy's own answers go out in order. A read that holds the end of one
 * response and the start of the next is passed on in two slices, the end first, so that an answer
 * due in between is written in between. A 101 (or a 2xx to CONNECT) makes the connection a byte
 * relay. A response it cannot follow (not HTTP, a head over {@link HttpHeads#MAX_HEAD}, bad framing)
 * is relayed as it is from then on, untracked: byte fidelity first, as for any TCP connection.
 */
public final class ResponseTracker extends ChannelInboundHandlerAdapter {
    public static final String NAME = "http-responses";

    private enum State { HEAD, BODY, BYTES }

    private final HttpConnection conn;
    private final Cumulation cumulation = new Cumulation();
    private State state = State.HEAD;
    private Exchange current;
    private BodyReader body;

    public ResponseTracker(HttpConnection conn) {
        this.conn = conn;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (state == State.BYTES) {
            ctx.fireChannelRead(buf);
            return;
        }
        ByteBuf in = cumulation.add(buf);
        try {
            while (in.isReadable() && state != State.BYTES && step(ctx, in)) {
                // each step passes on a head or a part of a body
            }
        } catch (MalformedHttpException e) {
            untracked();
        }
        if (state == State.BYTES && in.isReadable()) {
            ctx.fireChannelRead(in.readRetainedSlice(in.readableBytes()));
        }
        cumulation.keep(in);
    }

    private boolean step(ChannelHandlerContext ctx, ByteBuf in) throws MalformedHttpException {
        if (state == State.HEAD) {
            current = conn.awaitingResponse();
            if (current == null) {
                throw new MalformedHttpException(502, "bytes from the application before a request");
            }
            if (!HttpHeads.couldBeResponse(in)) {
                throw new MalformedHttpException(502, "the application's answer is not HTTP/1.x");
            }
            int length = HttpHeads.end(in, HttpHeads.MAX_HEAD);
            if (length < 0) {
                return false;
            }
            head(ctx, in, HttpHeads.response(in, length));
            return true;
        }
        int n = body.consume(in);
        pass(ctx, in, n);
        if (body.done()) {
            state = State.HEAD;
            conn.responseEnded(current);
            return true;
        }
        return n > 0;
    }

    private void head(ChannelHandlerContext ctx, ByteBuf in, HttpHead head) throws MalformedHttpException {
        int status = head.status();
        Framing framing = Framing.response(head, current.method);
        if (framing == null) {
            throw new MalformedHttpException(502, "invalid Content-Length in a response");
        }
        current.status = status;
        pass(ctx, in, head.length());
        if (current.switching && (status == 101 || current.connect() && status / 100 == 2)) {
            state = State.BYTES;
            conn.switched(current);
            return;
        }
        if (status / 100 == 1) {
            return; // interim (100 Continue, 103 Early Hints): the final response follows
        }
        if (current.switching) {
            conn.declined();
        }
        body = new BodyReader(framing);
        state = State.BODY;
        if (body.done()) {
            state = State.HEAD;
            conn.responseEnded(current);
        }
    }

    private void pass(ChannelHandlerContext ctx, ByteBuf in, int n) {
        if (n > 0) {
            current.responseBytes += n;
            ctx.fireChannelRead(in.readRetainedSlice(n));
        }
    }

    private void untracked() {
        state = State.BYTES;
        conn.lostTracking();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ChannelInputShutdownEvent.INSTANCE) {
            endOfResponses(ctx);
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        endOfResponses(ctx);
        ctx.fireChannelInactive();
    }

    /** The application closed: a body until close ends here, and a partial head still reaches the client. */
    private void endOfResponses(ChannelHandlerContext ctx) {
        if (state == State.BODY && body.untilClose()) {
            state = State.HEAD;
            conn.responseEnded(current);
        }
        ByteBuf rest = cumulation.take();
        if (rest != null) {
            ctx.fireChannelRead(rest);
        }
        state = State.BYTES;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cumulation.release();
    }
}
