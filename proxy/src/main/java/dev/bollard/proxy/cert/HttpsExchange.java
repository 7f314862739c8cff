package dev.bollard.proxy.cert;

import java.net.ConnectException;
import java.net.URI;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * One HTTP/1.1 request over its own TLS connection to the control plane (the CA, the mesh feed), on
 * Netty and the TLS stack the data plane already loads: a call every few hours (the CA) or one
 * long response (the feed) gains nothing from a connection pool. The listener sees the response
 * head, then each piece of the body, on the connection's event loop; {@link #done()} completes when
 * the body ends or the connection closes after the head, and fails when no head arrived (cannot
 * connect, TLS refused, closed early).
 */
public final class HttpsExchange {
    /** One thread for every control plane connection of the process, a daemon like the JDK client's. */
    private static final class Loop {
        static final EventLoopGroup GROUP = new EpollEventLoopGroup(1, new DefaultThreadFactory("control-plane-http", true));
    }

    /** What the caller does with the response, called on the event loop. */
    public interface Listener {
        void head(int status, HttpHeaders headers);

        /** A piece of the body, copied off the connection's buffer (the bodies here are small or slow). */
        void body(byte[] content);

        /** The body ended, or the connection did after the head; before {@link #done()} completes. */
        default void end() {
        }
    }

    /** The connect timeout elapsed; {@link ConnectException} as the JDK client's was. */
    public static final class ConnectTimeoutException extends ConnectException {
        ConnectTimeoutException(String message) {
            super(message);
        }
    }

    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private volatile Channel channel;
    private volatile boolean headSeen;

    private HttpsExchange() {
    }

    /**
     * Connects and sends {@code method uri} with the headers and body (null: none).
     */
    public static HttpsExchange start(SslContext tls, URI uri, HttpMethod method, Map<String, String> headers, byte[] body,
                                      Duration connectTimeout, Listener listener) {
        HttpsExchange exchange = new HttpsExchange();
        String host = uri.getHost();
        int port = uri.getPort() < 0 ? 443 : uri.getPort();
        String target = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            target += "?" + uri.getRawQuery();
        }
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, target,
                body == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        request.headers().set(HttpHeaderNames.HOST, uri.getPort() < 0 ? host : host + ":" + port);
        request.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        headers.forEach(request.headers()::set);
        if (body != null) {
            request.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        }
        ChannelFuture connect = new Bootstrap().group(Loop.GROUP).channel(EpollSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        SslHandler ssl = tls.newHandler(ch.alloc(), host, port);
                        ch.pipeline().addLast(ssl, new HttpClientCodec(), exchange.new Receiver(listener));
                    }
                })
                .connect(host, port);
        exchange.channel = connect.channel();
        connect.addListener(f -> {
            if (f.isSuccess()) {
                connect.channel().writeAndFlush(request);
            } else {
                request.release();
                Throwable cause = f.cause();
                exchange.done.completeExceptionally(cause instanceof io.netty.channel.ConnectTimeoutException
                        ? new ConnectTimeoutException(cause.getMessage()) : cause);
            }
        });
        return exchange;
    }

    /** Completes when the response ended; fails when none arrived. */
    public CompletableFuture<Void> done() {
        return done;
    }

    /** Closes the connection; {@link #done()} completes (or fails, before a head). */
    public void cancel() {
        Channel c = channel;
        if (c != null) {
            c.close();
        }
    }

    private final class Receiver extends SimpleChannelInboundHandler<HttpObject> {
        private final Listener listener;

        Receiver(Listener listener) {
            this.listener = listener;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (msg.decoderResult().isFailure()) {
                fail(ctx, msg.decoderResult().cause());
                return;
            }
            if (msg instanceof HttpResponse response) {
                headSeen = true;
                listener.head(response.status().code(), response.headers());
            }
            if (msg instanceof HttpContent content && headSeen) {
                listener.body(ByteBufUtil.getBytes(content.content()));
                if (msg instanceof LastHttpContent) {
                    end();
                    ctx.close();
                }
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            fail(ctx, cause);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            fail(ctx, new ClosedChannelException());
        }

        private void end() {
            if (!done.isDone()) {
                listener.end();
                done.complete(null);
            }
        }

        /** After the head, an end of the connection is the end of the response (the caller judges it). */
        private void fail(ChannelHandlerContext ctx, Throwable cause) {
            if (headSeen) {
                end();
            } else {
                done.completeExceptionally(cause);
            }
            ctx.close();
        }
    }
}
