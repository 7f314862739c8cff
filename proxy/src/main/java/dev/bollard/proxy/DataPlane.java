package dev.bollard.proxy;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Logger;

import dev.bollard.proxy.inbound.InboundHandler;
import dev.bollard.proxy.lifecycle.Drainable;
import dev.bollard.proxy.log.ConnectionLog;
import dev.bollard.proxy.net.OriginalDestination;
import dev.bollard.proxy.outbound.OutboundHandler;
import dev.bollard.proxy.state.MeshSnapshot;
import dev.bollard.proxy.tls.WorkloadTls;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.InternetProtocolFamily;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;

/**
 * The inbound (15006) and outbound (15001) listeners on one small epoll event loop group. Each
 * listener binds {@code 0.0.0.0} and, where the host has IPv6, also {@code [::]} as an IPv6-only
 * socket (so each accepted socket has one family, and {@code SO_ORIGINAL_DST} is asked at the
 * matching level). Each connection reads {@code mesh} once when it starts.
 * <p>
 * How the proxy command starts it:
 * <pre>{@code
 * AtomicReference<MeshSnapshot> mesh = new AtomicReference<>(MeshSnapshot.EMPTY); // the feed sets it
 * WorkloadTls tls = new WorkloadTls(TlsProvider.AUTO);          // the certificate agent calls tls.update(...)
 * DataPlaneConfig config = new DataPlaneConfig(15006, 15001, TlsProvider.AUTO, Duration.ofSeconds(10));
 * try (DataPlane dp = DataPlane.start(config, mesh::get, tls, ConnectionLog.stdout())) {
 *     ... // until shutdown; close() stops both listeners, closes open connections and waits
 * }
 * }</pre>
 * {@code start} throws {@link IllegalStateException} when epoll or JNA cannot load or a port cannot
 * be bound. It does not wait for a certificate: before the first {@code tls.update}, mTLS is
 * refused (and logged) while plaintext and passthrough already work.
 */
public final class DataPlane implements Drainable {
    private static final Logger LOG = Logger.getLogger(DataPlane.class.getName());

    private final EventLoopGroup group;
    private final List<Channel> listeners;
    private final ChannelGroup connections;
    private final InetSocketAddress inbound;
    private final InetSocketAddress outbound;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private DataPlane(EventLoopGroup group, List<Channel> listeners, ChannelGroup connections, InetSocketAddress inbound,
                      InetSocketAddress outbound) {
        this.group = group;
        this.listeners = listeners;
        this.connections = connections;
        this.inbound = inbound;
        this.outbound = outbound;
    }

    /** Binds both listeners; each connection reads {@code mesh} once when it starts. */
    public static DataPlane start(DataPlaneConfig config, Supplier<MeshSnapshot> mesh, WorkloadTls tls, ConnectionLog log) {
        return start(config, mesh, tls, log, OriginalDestination.SO_ORIGINAL_DST);
    }

    /** As {@link #start(DataPlaneConfig, Supplier, WorkloadTls, ConnectionLog)}, with the original destination lookup given (tests). */
    public static DataPlane start(DataPlaneConfig config, Supplier<MeshSnapshot> mesh, WorkloadTls tls, ConnectionLog log,
                                  OriginalDestination.Lookup lookup) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(mesh, "mesh");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(lookup, "lookup");
        try {
            Epoll.ensureAvailability();
        } catch (Throwable e) {
            throw new IllegalStateException("data plane: the native epoll transport is not available ("
                    + e.getMessage() + "); the proxy runs on Linux x86-64 only", e);
        }
        if (lookup == OriginalDestination.SO_ORIGINAL_DST) {
            OriginalDestination.ensureAvailable();
        }
        // A sidecar shares its pod's CPU with the application: one or two threads, never one per core.
        int threads = Math.min(2, Runtime.getRuntime().availableProcessors());
        EventLoopGroup group = new EpollEventLoopGroup(threads, new DefaultThreadFactory("bollard-dataplane", true));
        List<Channel> listeners = new ArrayList<>();
        // accepted connections, both directions: a closed channel leaves the group by itself
        ChannelGroup connections = new DefaultChannelGroup("bollard-connections", GlobalEventExecutor.INSTANCE);
        Clock clock = Clock.systemUTC();
        try {
            InboundHandler.Settings in = new InboundHandler.Settings(mesh, tls, log, lookup, config.connectTimeout(),
                    config.sniffTimeout(), clock);
            OutboundHandler.Settings out = new OutboundHandler.Settings(mesh, tls, log, lookup, config.connectTimeout(), clock);
            InetSocketAddress inbound = bind(group, listeners, connections, config.inboundPort(), "inbound", () -> new InboundHandler(in));
            InetSocketAddress outbound = bind(group, listeners, connections, config.outboundPort(), "outbound",
                    () -> new OutboundHandler(out));
            LOG.info("data plane: inbound on " + inbound.getPort() + ", outbound on " + outbound.getPort() + ", TLS provider "
                    + tls.provider() + ", " + threads + " event loop thread(s)");
            return new DataPlane(group, listeners, connections, inbound, outbound);
        } catch (RuntimeException e) {
            listeners.forEach(Channel::close);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            throw e;
        }
    }

    private static InetSocketAddress bind(EventLoopGroup group, List<Channel> listeners, ChannelGroup connections, int port,
                                          String name, Supplier<ChannelHandler> handler) {
        ChannelInitializer<Channel> child = new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                connections.add(ch);
                ch.pipeline().addLast(name, handler.get());
            }
        };
        ServerBootstrap v4 = server(group, child)
                .channelFactory(() -> new EpollServerSocketChannel(InternetProtocolFamily.IPv4));
        Channel listener;
        try {
            listener = v4.bind(new InetSocketAddress(anyV4(), port)).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            throw new IllegalStateException("data plane: cannot listen for " + name + " on 0.0.0.0:" + port + ": " + e.getMessage(), e);
        }
        listeners.add(listener);
        InetSocketAddress bound = (InetSocketAddress) listener.localAddress();
        if (NetUtil.isIpV6AddressesPreferred() || hasIpv6()) {
            ServerBootstrap v6 = server(group, child).channelFactory(() -> {
                EpollServerSocketChannel ch = new EpollServerSocketChannel(InternetProtocolFamily.IPv6);
                OriginalDestination.setIpv6Only(ch.fd().intValue());
                return ch;
            });
            try {
                listeners.add(v6.bind(new InetSocketAddress(anyV6(), bound.getPort())).syncUninterruptibly().channel());
            } catch (RuntimeException | LinkageError e) {
                LOG.warning("data plane: " + name + " listens on IPv4 only; [::]:" + bound.getPort() + ": " + e.getMessage());
            }
        }
        return bound;
    }

    private static ServerBootstrap server(EventLoopGroup group, ChannelInitializer<Channel> child) {
        return new ServerBootstrap()
                .group(group)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(child);
    }

    private static boolean hasIpv6() {
        try {
            return java.net.NetworkInterface.networkInterfaces()
                    .flatMap(java.net.NetworkInterface::inetAddresses)
                    .anyMatch(a -> a instanceof java.net.Inet6Address);
        } catch (java.net.SocketException e) {
            return false;
        }
    }

    private static java.net.InetAddress anyV4() {
        return NetUtil.createInetAddressFromIpAddressString("0.0.0.0");
    }

    private static java.net.InetAddress anyV6() {
        return NetUtil.createInetAddressFromIpAddressString("::");
    }

    /** Where inbound listens (IPv4; tests bind port 0). */
    public InetSocketAddress inboundAddress() {
        return inbound;
    }

    /** Where outbound listens (IPv4; tests bind port 0). */
    public InetSocketAddress outboundAddress() {
        return outbound;
    }

    /**
     * Closes the inbound listening sockets (0.0.0.0 and [::]): a new inbound connection, also one
     * iptables redirected, is then reset by the kernel, so a client fails at once rather than
     * hanging. Open connections and outbound go on.
     */
    @Override
    public void stopInbound() {
        if (closed.get()) {
            return;
        }
        for (Channel listener : listeners) {
            if (((InetSocketAddress) listener.localAddress()).getPort() == inbound.getPort()) {
                listener.close().syncUninterruptibly();
            }
        }
    }

    /** Accepted connections, inbound and outbound, not closed yet. */
    @Override
    public int openConnections() {
        return connections.size();
    }

    /** Stops both listeners and waits for the event loops; open connections are closed. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (Channel listener : listeners) {
            listener.close().syncUninterruptibly();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
