package dev.bollard.proxy.inbound;

import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.logging.Logger;

import dev.bollard.proxy.log.ConnectionEntry;
import dev.bollard.proxy.relay.HoldHandler;
import dev.bollard.proxy.relay.Relay;
import dev.bollard.proxy.relay.Upstreams;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.unix.Errors;
import io.netty.util.NetUtil;

/**
 * Forwards an accepted inbound connection to the application on loopback, from source 127.0.0.6,
 * the address {@code init-iptables} exempts from capture (so the application's reply is not
 * redirected back into us). IPv6: {@code [::1]} from {@code [::6]}; Linux does not treat {@code ::6}
 * as local unless someone assigned it, so when it cannot be bound the proxy falls back to source
 * {@code ::1} (once, remembered, logged) — the application then sees {@code ::1} as its client.
 */
final class AppConnector {
    private static final Logger LOG = Logger.getLogger(AppConnector.class.getName());
    static final InetAddress SOURCE_V4 = address("127.0.0.6");
    static final InetAddress SOURCE_V6 = address("::6");
    private static volatile boolean v6SourceUnavailable;

    private AppConnector() {
    }

    /**
     * @param upstreamFirst makes a handler placed first on the application side (the HTTP response
     *                      tracker, in front of the relay), or null
     */
    static void connect(Channel downstream, InetSocketAddress original, Duration timeout, ConnectionEntry entry,
                        Supplier<ChannelHandler> upstreamFirst) {
        boolean v6 = original.getAddress() instanceof Inet6Address;
        InetSocketAddress app = new InetSocketAddress(v6 ? NetUtil.LOCALHOST6 : NetUtil.LOCALHOST4, original.getPort());
        InetSocketAddress source = !v6 ? new InetSocketAddress(SOURCE_V4, 0)
                : v6SourceUnavailable ? new InetSocketAddress(NetUtil.LOCALHOST6, 0) : new InetSocketAddress(SOURCE_V6, 0);
        attempt(downstream, app, source, timeout, entry, upstreamFirst);
    }

    private static void attempt(Channel downstream, InetSocketAddress app, InetSocketAddress source, Duration timeout,
                                ConnectionEntry entry, Supplier<ChannelHandler> upstreamFirst) {
        ChannelFuture connect = Upstreams.connect(downstream, app, source, timeout, new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                if (upstreamFirst != null) {
                    ch.pipeline().addLast(upstreamFirst.get());
                }
                ch.pipeline().addLast(HoldHandler.NAME, new HoldHandler());
            }
        });
        Channel upstream = connect.channel();
        downstream.closeFuture().addListener(closed -> Relay.abandonUnlessSpliced(upstream));
        connect.addListener(done -> {
            if (!done.isSuccess()) {
                if (cannotBind(done.cause()) && source.getAddress().equals(SOURCE_V6)) {
                    v6SourceUnavailable = true;
                    LOG.warning("inbound: cannot bind source [::6] (" + done.cause().getMessage()
                            + "); forwarding IPv6 connections from [::1] instead");
                    attempt(downstream, app, new InetSocketAddress(NetUtil.LOCALHOST6, 0), timeout, entry, upstreamFirst);
                    return;
                }
                entry.refuse("application at " + app.getAddress().getHostAddress() + ":" + app.getPort()
                        + " unreachable: " + Upstreams.reason(done.cause()));
                Upstreams.reset(downstream);
            } else if (downstream.isActive()) {
                Relay.splice(downstream, upstream, entry);
                if (downstream.isActive()) {
                    entry.opened();
                }
            } else {
                upstream.close();
            }
        });
    }

    /** EADDRNOTAVAIL: the source address is not local (Netty reports it as a native IOException). */
    private static boolean cannotBind(Throwable cause) {
        return cause instanceof BindException
                || cause instanceof Errors.NativeIoException e && e.expectedErr() == -99;
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
