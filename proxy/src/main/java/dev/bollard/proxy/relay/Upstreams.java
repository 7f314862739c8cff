package dev.bollard.proxy.relay;

import java.net.InetSocketAddress;
import java.time.Duration;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.handler.ssl.SslHandler;

/** Connecting the upstream side of a relay, and resetting a side. */
public final class Upstreams {
    private Upstreams() {
    }

    /**
     * Connects from the downstream's event loop (both sides on one thread: no locking anywhere in the
     * relay), not reading until spliced, half-closure allowed.
     *
     * A bound source address gets {@code IP_BIND_ADDRESS_NO_PORT}: the kernel then picks the local
     * port at {@code connect}, unique per 4-tuple, instead of at {@code bind}, where it searches for
     * a port free for every destination; with thousands of recent connections from 127.0.0.6 in
     * TIME_WAIT that search was the largest single cost of a new inbound connection (perf: the
     * kernel's inet_bind2_bucket_find and inet_bhash2_conflict), and it caps the source at one
     * ephemeral port range in all. Envoy sets the same option on its upstream source addresses.
     *
     * @param source local address to bind, or null for any
     */
    public static ChannelFuture connect(Channel downstream, InetSocketAddress destination, InetSocketAddress source,
                                        Duration timeout, ChannelInitializer<Channel> pipeline) {
        Bootstrap b = new Bootstrap()
                .group(downstream.eventLoop())
                .channel(EpollSocketChannel.class)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .handler(pipeline);
        if (source == null) {
            return b.connect(destination);
        }
        return b.option(EpollChannelOption.IP_BIND_ADDRESS_NO_PORT, true).connect(destination, source);
    }

    /**
     * Closes with a TCP RST (SO_LINGER 0), as a failed upstream looks to a client of a plain TCP proxy.
     * On a TLS side the close bypasses the pipeline: {@code SslHandler} would otherwise send a
     * close_notify first, which the peer proxy reads as a clean end of stream, so an abort (an
     * application that refused, a client that reset) would reach the other end as an orderly FIN
     * and a truncated stream would look complete.
     */
    public static void reset(Channel ch) {
        if (!ch.isOpen()) {
            return;
        }
        try {
            ch.config().setOption(ChannelOption.SO_LINGER, 0);
        } catch (RuntimeException ignored) {
            // not a socket (tests), or already closed
        }
        if (ch.pipeline().get(SslHandler.class) == null) {
            ch.close();
        } else if (ch.eventLoop().inEventLoop()) {
            ch.unsafe().close(ch.unsafe().voidPromise());
        } else {
            ch.eventLoop().execute(() -> ch.unsafe().close(ch.unsafe().voidPromise()));
        }
    }

    /** A failure as a log reason: the root message, never "null". */
    public static String reason(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof io.netty.handler.codec.DecoderException || t.getMessage() == null) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof java.nio.channels.ClosedChannelException) {
            return "the connection closed before the handshake completed";
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }
}
