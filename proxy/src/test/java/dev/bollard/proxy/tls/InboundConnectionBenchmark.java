package dev.bollard.proxy.tls;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.bollard.identity.TestPki;
import dev.bollard.proxy.DataPlane;
import dev.bollard.proxy.DataPlaneConfig;
import dev.bollard.proxy.log.AsyncConnectionLog;
import dev.bollard.proxy.log.ConnectionLog;
import dev.bollard.proxy.state.MeshSnapshot;
import dev.bollard.proxy.state.MtlsPolicy;
import dev.bollard.proxy.state.PeerAuthenticationMode;
import dev.bollard.proxy.telemetry.MetricsConfig;
import dev.bollard.proxy.telemetry.ProxyTelemetry;
import dev.bollard.proxy.testing.Mesh;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * What one new mesh connection costs the inbound proxy in CPU, TLS handshake included: a real
 * {@link DataPlane} (STRICT, BoringSSL where it loads, the production asynchronous connection log
 * into a counting sink) in front of a Netty echo application on loopback; a client with its own
 * workload certificate opens a connection, completes mutual TLS 1.3, sends 4 bytes, reads them
 * back and closes, one connection at a time (or, with {@code http}, sends one HTTP/1.1 request with
 * {@code Connection: close} and reads the response, as scripts/bench-mesh.sh's handshake figure does).
 * The client names the data plane's address as the outbound proxy names its upstream, so its
 * connections after the first resume the TLS session; with {@code full} every one is a full handshake.
 * Reports, per connection, the CPU of the data plane's event loop threads (ThreadMXBean) and of the whole process less the client's and the
 * application's thread (which adds GC, JIT and the log writer). Run:
 * {@code java -cp <test classpath> dev.bollard.proxy.tls.InboundConnectionBenchmark [connections] [rounds] [http,metrics,full]}.
 */
public final class InboundConnectionBenchmark {
    private static final byte[] PAYLOAD = {0, 1, 2, 3};
    private static final byte[] REQUEST = "GET /bench HTTP/1.1\r\nHost: b\r\nConnection: close\r\n\r\n"
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] RESPONSE = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    public static void main(String[] args) throws Exception {
        int connections = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        List<String> options = args.length > 2 ? List.of(args[2].split(",")) : List.of();
        boolean http = options.contains("http");
        boolean full = options.contains("full");
        TestPki.Ca pki = TestPki.root("bench-root");
        TestPki.Workload server = TestPki.workload(pki, Mesh.TD + "b");
        TestPki.Workload client = TestPki.workload(pki, Mesh.TD + "a");
        WorkloadTls serverTls = Mesh.tls(server, TlsProvider.AUTO);
        TlsContexts clientTls = Mesh.tls(client, TlsProvider.AUTO).current().orElseThrow();
        EventLoopGroup others = new EpollEventLoopGroup(1, new DefaultThreadFactory("bench-client", true));
        AtomicLong lines = new AtomicLong();
        AsyncConnectionLog log = new AsyncConnectionLog(line -> lines.incrementAndGet(), AsyncConnectionLog.DEFAULT_CAPACITY);
        Channel app = new ServerBootstrap().group(others).channel(EpollServerSocketChannel.class)
                .childHandler(http ? new HttpOk() : new Echo()).bind(InetAddress.getLoopbackAddress(), 0).sync().channel();
        InetSocketAddress appAddress = (InetSocketAddress) app.localAddress();
        MeshSnapshot strict = new MeshSnapshot("1", new MtlsPolicy(PeerAuthenticationMode.STRICT, Map.of(), "demo/default"),
                Map.of(), Map.of());
        // "metrics": Istio's standard metrics counted on the way to the log, as the proxy command wires them
        ConnectionLog sink = options.contains("metrics")
                ? new ProxyTelemetry(MetricsConfig.defaults(), "demo", () -> strict, () -> Optional.of(Mesh.TD + "b")).wrap(log)
                : log;
        try (DataPlane dp = DataPlane.start(new DataPlaneConfig(0, 0, TlsProvider.AUTO, Duration.ofSeconds(2),
                DataPlaneConfig.SNIFF_TIMEOUT), () -> strict, serverTls, sink, ch -> Optional.of(appAddress))) {
            int port = dp.inboundAddress().getPort();
            Bootstrap b = new Bootstrap().group(others).channel(EpollSocketChannel.class)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            // as the outbound proxy names its upstream (sessions resumed), unless "full"
                            ch.pipeline().addLast(full ? clientTls.client().newHandler(ch.alloc())
                                    : clientTls.client().newHandler(ch.alloc(), "127.0.0.1", port));
                        }
                    });
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            System.out.println("TLS provider " + serverTls.provider() + ", " + connections + " connections a round, "
                    + (http ? "one HTTP/1.1 request with Connection: close each" : "4 bytes echoed each")
                    + (sink == log ? "" : ", metrics on"));
            for (int round = 0; round < rounds; round++) {
                long proxy0 = cpu(threads, "bollard-dataplane");
                long others0 = cpu(threads, "bench-client");
                long process0 = os.getProcessCpuTime();
                long wall0 = System.nanoTime();
                for (int i = 0; i < connections; i++) {
                    echoOnce(b, port, http ? REQUEST : PAYLOAD, http ? RESPONSE.length : PAYLOAD.length);
                }
                long wall = System.nanoTime() - wall0;
                long proxy = cpu(threads, "bollard-dataplane") - proxy0;
                long rest = os.getProcessCpuTime() - process0 - (cpu(threads, "bench-client") - others0);
                System.out.printf(Locale.ROOT, "round %d: data plane threads %.3f ms CPU/connection, process less client+app "
                                + "%.3f ms, %.0f connections/s wall%n", round, proxy / 1e6 / connections, rest / 1e6 / connections,
                        connections / (wall / 1e9));
            }
        } finally {
            app.close().sync();
            others.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            log.close();
        }
        System.out.println("log lines " + lines.get());
    }

    private static void echoOnce(Bootstrap b, int port, byte[] request, int expected) throws Exception {
        CompletableFuture<Void> echoed = new CompletableFuture<>();
        Channel ch = b.connect(InetAddress.getLoopbackAddress(), port).sync().channel();
        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            private int seen;

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                seen += ((ByteBuf) msg).readableBytes();
                ReferenceCountUtil.release(msg);
                if (seen >= expected) {
                    echoed.complete(null);
                }
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                echoed.completeExceptionally(new IllegalStateException("closed before the echo"));
            }
        });
        ch.pipeline().get(SslHandler.class).handshakeFuture().sync();
        ch.writeAndFlush(Unpooled.wrappedBuffer(request));
        echoed.get(10, TimeUnit.SECONDS);
        ch.close().sync();
    }

    private static long cpu(ThreadMXBean threads, String prefix) {
        long total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith(prefix)) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    /** The application: echoes what it reads. */
    @ChannelHandler.Sharable
    private static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.writeAndFlush(msg);
        }
    }

    /** The application for HTTP: answers the first read with a 200 and closes, as for Connection: close. */
    @ChannelHandler.Sharable
    private static final class HttpOk extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
            ctx.writeAndFlush(Unpooled.wrappedBuffer(RESPONSE)).addListener(io.netty.channel.ChannelFutureListener.CLOSE);
        }
    }

    private InboundConnectionBenchmark() {
    }
}
