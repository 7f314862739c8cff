package dev.bollard.proxy.relay;

import java.io.IOException;
import java.util.ArrayDeque;

import dev.bollard.proxy.log.ConnectionEntry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;

/**
 * Splices two connected channels so that bytes flow both ways as over one TCP connection.
 * <ul>
 * <li><b>Backpressure</b>: a side stops reading while its peer is not writable and resumes when the
 *     peer drains ({@code channelWritabilityChanged}); memory per connection is bounded by the
 *     channels' write buffer high water marks plus one read.</li>
 * <li><b>Half-close</b>: the end of one side's input (TCP FIN, or a TLS close_notify) becomes the
 *     end of the other side's output, after every byte before it was written: TCP
 *     {@code shutdownOutput}. On a TLS side the first direction to end is a TCP FIN under the open
 *     TLS session; the last one is a close_notify, then the FIN. Not a close_notify at the first
 *     half-close, because the
 *     JDK's TLS 1.3 engine (measured, JDK 17) answers a received close_notify by closing its own
 *     direction as well, and its client side stops reading after sending one: a half-close carried
 *     by close_notify loses the reply whenever either end runs the JDK provider. A close_notify that
 *     does arrive (from another implementation) still ends that side's input. The connection closes
 *     once both directions ended.</li>
 * <li><b>Abrupt close</b>: a side that fails (reset) resets the other; a side that closes closes
 *     the other after flushing what was already read from it.</li>
 * <li>No idle timeout: a quiet connection lives as long as its endpoints keep it.</li>
 * </ul>
 * Both channels must be on the same event loop, not auto-reading, with {@code ALLOW_HALF_CLOSURE}.
 */
public final class Relay {
    private static final int DOWN = 0;
    private static final int UP = 1;
    private static final String NAME = "relay";

    private final Channel[] channels;
    private final ConnectionEntry entry;
    private final boolean[] inputEnded = new boolean[2];
    private final boolean[] outputEnded = new boolean[2];
    private boolean resetting;
    /** Set before the relay closes a channel itself; any other close is a failure of that side. */
    private boolean closing;

    private Relay(Channel downstream, Channel upstream, ConnectionEntry entry) {
        this.channels = new Channel[] {downstream, upstream};
        this.entry = entry;
    }

    /**
     * Replaces each channel's {@link HoldHandler} with a relay handler, forwards what they held and
     * starts reading. Call on the event loop.
     */
    public static void splice(Channel downstream, Channel upstream, ConnectionEntry entry) {
        Relay relay = new Relay(downstream, upstream, entry);
        boolean[] ended = new boolean[2];
        for (int side = DOWN; side <= UP; side++) {
            Channel ch = relay.channels[side];
            HoldHandler hold = (HoldHandler) ch.pipeline().get(HoldHandler.NAME);
            ArrayDeque<ByteBuf> held = hold == null ? new ArrayDeque<>() : hold.drain();
            ended[side] = hold != null && hold.inputEnded();
            Side handler = relay.new Side(side);
            if (hold != null) {
                ch.pipeline().replace(HoldHandler.NAME, NAME, handler);
            } else {
                ch.pipeline().addLast(NAME, handler);
            }
            Channel peer = relay.channels[1 - side];
            for (ByteBuf buf : held) {
                relay.count(side, buf.readableBytes());
                peer.write(buf);
            }
            peer.flush();
        }
        for (int side = DOWN; side <= UP; side++) {
            if (ended[side]) {
                relay.inputEnd(side);
            }
            if (!relay.channels[side].isActive()) {
                relay.closeBoth(false);
                return;
            }
        }
        for (int side = DOWN; side <= UP; side++) {
            if (!relay.inputEnded[side]) {
                relay.channels[side].config().setAutoRead(relay.channels[1 - side].isWritable());
            }
        }
    }

    /**
     * Resets a channel that is still being set up, for a peer that went away before the splice
     * (failed, reset, or refused): nothing was forwarded yet, and an application that accepted the
     * connection must not see a clean end of an empty stream. Once spliced the relay decides how a
     * channel ends, so this does nothing: a close-future listener runs before
     * {@code channelInactive} and would otherwise turn an abrupt close into an orderly one.
     */
    public static void abandonUnlessSpliced(Channel ch) {
        if (ch.pipeline().get(NAME) == null) {
            Upstreams.reset(ch);
        }
    }

    /**
     * Ends a spliced connection in order, as the relay ends it once both directions are done: each
     * channel closed after what was written to it, neither side reset (the HTTP layer's close after
     * an answer of its own, {@code connection: close}). A channel not spliced yet is just closed.
     */
    public static void close(Channel ch) {
        if (ch.pipeline().get(NAME) instanceof Side side) {
            side.relay().closeBoth(false);
        } else {
            ch.close();
        }
    }

    private void count(int side, long bytes) {
        if (side == DOWN) {
            entry.fromClient(bytes);
        } else {
            entry.toClient(bytes);
        }
    }

    private void inputEnd(int side) {
        if (inputEnded[side]) {
            return;
        }
        inputEnded[side] = true;
        channels[side].config().setAutoRead(false);
        int other = 1 - side;
        Channel peer = channels[other];
        if (!peer.isActive()) {
            return;
        }
        // shutdownOutput fails whatever is still queued: write an empty buffer behind the data and
        // shut the output down once that is on the wire.
        peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(written -> {
            if (!written.isSuccess()) {
                closeBoth(true);
                return;
            }
            SslHandler tls = peer.pipeline().get(SslHandler.class);
            if (tls != null && inputEnded[other]) {
                // the last direction to end: now a close_notify is safe (nothing more comes back),
                // and it tells the peer the stream was not truncated
                tls.closeOutbound().addListener(notified -> shutdownOutput(other));
            } else {
                shutdownOutput(other);
            }
        });
    }

    private void shutdownOutput(int side) {
        Channel ch = channels[side];
        if (!ch.isActive()) {
            return;
        }
        ((DuplexChannel) ch).shutdownOutput().addListener(done -> {
            outputEnded[side] = true;
            if (inputEnded[DOWN] && inputEnded[UP] && outputEnded[DOWN] && outputEnded[UP]) {
                closeBoth(false);
            }
        });
    }

    private void closeBoth(boolean reset) {
        // A reset must reach both ends as a reset. Closing one channel closes the other gracefully
        // (its channelInactive below, the connect's closeFuture listener in Outbound/AppConnector),
        // which on a TLS side means a close_notify, read by the peer proxy as a clean end of stream:
        // so flag it, and reset the upstream before the downstream whose close would close it.
        resetting |= reset;
        closing = true;
        for (int side = reset ? UP : DOWN; side >= DOWN && side <= UP; side += reset ? -1 : 1) {
            Channel ch = channels[side];
            if (ch.isOpen()) {
                if (reset) {
                    Upstreams.reset(ch);
                } else {
                    ch.close();
                }
            }
        }
    }

    /** The relay handler of one side. */
    private final class Side extends ChannelInboundHandlerAdapter {
        private final int side;

        Side(int side) {
            this.side = side;
        }

        private Channel peer() {
            return channels[1 - side];
        }

        Relay relay() {
            return Relay.this;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Channel peer = peer();
            if (!(msg instanceof ByteBuf buf) || outputEnded[1 - side] || !peer.isActive()) {
                ReferenceCountUtil.release(msg);
                return;
            }
            count(side, buf.readableBytes());
            peer.write(buf, peer.voidPromise());
            if (!peer.isWritable()) {
                peer.flush();
                if (!peer.isWritable()) {
                    ctx.channel().config().setAutoRead(false);
                }
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            peer().flush();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            // this side drained: the peer may read again
            Channel peer = peer();
            if (ctx.channel().isWritable() && !inputEnded[1 - side] && peer.isActive()) {
                peer.config().setAutoRead(true);
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            // a failed close completion is the channel closing under an open TLS session, not a
            // close_notify: channelInactive treats it as the abrupt end it is
            if (HoldHandler.endsInput(evt)) {
                inputEnd(side);
            }
            ReferenceCountUtil.release(evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            Channel peer = peer();
            // closed by nobody in the relay and not after both directions ended: the socket failed
            // (a reset, a write error), and the other end must see a reset too, never a clean end
            boolean orderly = closing || inputEnded[side] && outputEnded[side];
            if (resetting || !orderly) {
                resetting = true;
                Upstreams.reset(peer);
            } else if (peer.isOpen()) {
                peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (!(cause instanceof IOException)) {
                entry.refuse("relay failed: " + cause);
            }
            closeBoth(true);
        }
    }

}
