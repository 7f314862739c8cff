package dev.bollard.proxy.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

/** {@code connection.sni} for AuthorizationPolicy: the host_name a real client's hello names, or none. */
class ClientHelloServerNameTest {
    static byte[] helloFor(String host) throws Exception {
        return ClientHelloSnifferTest.firstFlight(new EmbeddedChannel(SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                .build().newHandler(io.netty.buffer.ByteBufAllocator.DEFAULT, host, 443)));
    }

    static Optional<String> serverName(byte[] bytes) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            return ClientHelloSniffer.serverName(buf);
        } finally {
            buf.release();
        }
    }

    @Test
    void readsTheHostNameOfARealHello() throws Exception {
        assertEquals(Optional.of("b.demo.svc.cluster.local"), serverName(helloFor("b.demo.svc.cluster.local")));
    }

    @Test
    void noNameForATruncatedHelloPlaintextOrAnIpAddress() throws Exception {
        byte[] hello = helloFor("b.demo.svc");
        assertEquals(Optional.empty(), serverName(Arrays.copyOf(hello, hello.length / 2)));
        assertEquals(Optional.empty(), serverName("GET / HTTP/1.1\r\n\r\n".getBytes()));
        assertEquals(Optional.empty(), serverName(helloFor("10.0.0.1")), "clients send no SNI for an IP literal");
    }
}
