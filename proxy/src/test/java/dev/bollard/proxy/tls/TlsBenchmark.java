package dev.bollard.proxy.tls;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.bollard.proxy.testing.Mesh;
import dev.bollard.proxy.testing.TestPki;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;

/**
 * Measures what the data plane's TLS costs per provider, the numbers behind {@link WorkloadTls}'s
 * default: mutual TLS 1.3 handshakes per second (sequential, one connection at a time, new
 * connection each: what a sidecar does for every short request) and bulk throughput over one
 * connection. Loopback, Netty epoll, one event loop thread per side, EC P-256 workload
 * certificates from a test CA, exactly the contexts {@link TlsContexts} builds. Run:
 * {@code java -cp <test classpath> dev.bollard.proxy.tls.TlsBenchmark [seconds]}.
 */
public final class TlsBenchmark {
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        TestPki pki = new TestPki("bench-root");
        TestPki.Workload server = pki.workload(Mesh.TD + "b");
        TestPki.Workload client = pki.workload(Mesh.TD + "a");
        for (SslProvider provider : new SslProvider[] {SslProvider.OPENSSL, SslProvider.JDK, SslProvider.OPENSSL, SslProvider.JDK}) {
            TlsContexts s = TlsContexts.build(provider, server.key(), server.chain(), List.of(server.root()));
            TlsContexts c = TlsContexts.build(provider, client.key(), client.chain(), List.of(client.root()));
            EventLoopGroup serverGroup = new EpollEventLoopGroup(1);
            EventLoopGroup clientGroup = new EpollEventLoopGroup(1);
            try {
                AtomicLong received = new AtomicLong();
                Channel listener = new ServerBootstrap().group(serverGroup).channel(EpollServerSocketChannel.class)
                        .childHandler(new ChannelInitializer<Channel>() {
                            @Override
                            protected void initChannel(Channel ch) {
                                ch.pipeline().addLast(s.server().newHandler(ch.alloc()), new ChannelInboundHandlerAdapter() {
                                    @Override
                                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                        received.addAndGet(((ByteBuf) msg).readableBytes());
                                        ReferenceCountUtil.release(msg);
                                    }
                                });
                            }
                        }).bind("127.0.0.1", 0).sync().channel();
                int port = ((InetSocketAddress) listener.localAddress()).getPort();
                Bootstrap b = new Bootstrap().group(clientGroup).channel(EpollSocketChannel.class)
                        .handler(new ChannelInitializer<Channel>() {
                            @Override
                            protected void initChannel(Channel ch) {
                                ch.pipeline().addLast(c.client().newHandler(ch.alloc()));
                            }
                        });
                // handshakes: connect, complete mutual TLS, close; one at a time
                long handshakes = 0;
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
                long start = System.nanoTime();
                while (System.nanoTime() < end) {
                    Channel ch = b.connect("127.0.0.1", port).sync().channel();
                    ch.pipeline().get(SslHandler.class).handshakeFuture().sync();
                    ch.close().sync();
                    handshakes++;
                }
                double perSecond = handshakes / ((System.nanoTime() - start) / 1e9);
                // throughput: one connection, 64 KiB writes, as fast as the server decrypts
                Channel ch = b.connect("127.0.0.1", port).sync().channel();
                ch.pipeline().get(SslHandler.class).handshakeFuture().sync();
                long total = 0;
                long bulkEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
                long bulkStart = System.nanoTime();
                received.set(0);
                while (System.nanoTime() < bulkEnd) {
                    ByteBuf chunk = ch.alloc().buffer(64 * 1024).writeZero(64 * 1024);
                    ChannelFuture f = ch.writeAndFlush(chunk);
                    total += 64 * 1024;
                    if (!ch.isWritable()) {
                        f.sync();
                    }
                }
                ch.writeAndFlush(ch.alloc().buffer(0)).sync();
                while (received.get() < total) {
                    Thread.sleep(1);
                }
                double mibPerSecond = total / 1048576.0 / ((System.nanoTime() - bulkStart) / 1e9);
                ch.close().sync();
                listener.close().sync();
                System.out.printf(Locale.ROOT, "%-8s handshakes/s %7.0f   throughput %7.0f MiB/s%n", provider, perSecond, mibPerSecond);
            } finally {
                serverGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
                clientGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            }
        }
        new CountDownLatch(0).await();
    }
}
