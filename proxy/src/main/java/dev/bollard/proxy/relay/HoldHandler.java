package dev.bollard.proxy.relay;

import java.util.ArrayDeque;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;

/**
 * Holds what a channel delivers before it is spliced (the bytes a TLS handshake decrypted along
 * with its last flight, a client's first write while the upstream still connects) and remembers an
 * end of input. The channel does not auto-read, so this is bounded by what the last read brought.
 * {@link Relay#splice} takes everything over; whatever is still held when the handler goes away is
 * released.
 */
public final class HoldHandler extends ChannelInboundHandlerAdapter {
    public static final String NAME = "hold";

    private final ArrayDeque<ByteBuf> held = new ArrayDeque<>();
    private boolean inputEnded;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            held.add(buf);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (endsInput(evt)) {
            inputEnded = true;
            if (closedMidHandshake(ctx)) {
                return;
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    /**
     * A TCP FIN or a TLS close_notify. A failed close completion is the channel closing under the
     * session, not an end of input.
     */
    public static boolean endsInput(Object evt) {
        return evt == ChannelInputShutdownEvent.INSTANCE || evt instanceof SslCloseCompletionEvent done && done.isSuccess();
    }

    /**
     * After an end of input: a FIN in the middle of a TLS handshake closes the channel (true). With
     * half-closure allowed the channel stays active and the SslHandler would wait for its
     * handshake timeout; this fails it now.
     */
    public static boolean closedMidHandshake(ChannelHandlerContext ctx) {
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        if (tls != null && !tls.handshakeFuture().isDone()) {
            ctx.close();
            return true;
        }
        return false;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        release();
    }

    boolean inputEnded() {
        return inputEnded;
    }

    /** The held buffers, in arrival order; the caller owns them. */
    ArrayDeque<ByteBuf> drain() {
        ArrayDeque<ByteBuf> out = new ArrayDeque<>(held);
        held.clear();
        return out;
    }

    private void release() {
        ByteBuf buf;
        while ((buf = held.poll()) != null) {
            buf.release();
        }
    }
}
