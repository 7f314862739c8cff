package dev.bollard.proxy.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.bollard.proxy.inbound.ClientHelloSniffer.Verdict;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

/** Real ClientHellos, captured from Netty clients of both providers, and hostile variations of them. */
class ClientHelloSnifferTest {

    /** The first flight of a Netty TLS 1.3 client offering {@code alpn} (none when empty). */
    static byte[] clientHello(SslProvider provider, String... alpn) throws Exception {
        SslContextBuilder b = SslContextBuilder.forClient().sslProvider(provider).protocols("TLSv1.3");
        if (alpn.length > 0) {
            b.applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                    ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                    ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, alpn));
        }
        SslContext ctx = b.build();
        return firstFlight(new EmbeddedChannel(ctx.newHandler(io.netty.buffer.ByteBufAllocator.DEFAULT)));
    }

    /** What a client handler in {@code ch} wrote first: its ClientHello. */
    static byte[] firstFlight(EmbeddedChannel ch) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuf buf;
        while ((buf = ch.readOutbound()) != null) {
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            buf.release();
            out.write(bytes);
        }
        ch.finishAndReleaseAll();
        return out.toByteArray();
    }

    static Verdict sniff(byte[] bytes) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            Verdict v = ClientHelloSniffer.sniff(buf);
            assertEquals(0, buf.readerIndex(), "the sniffer must not consume");
            return v;
        } finally {
            buf.release();
        }
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "JDK, bollard-mtls, MESH_MTLS",
            "OPENSSL, bollard-mtls, MESH_MTLS",
            "JDK, h2 http/1.1 bollard-mtls, MESH_MTLS",
            "OPENSSL, h2 bollard-mtls, MESH_MTLS",
            "JDK, h2 http/1.1, TLS_OTHER",
            "OPENSSL, h2 http/1.1, TLS_OTHER",
            "OPENSSL, bollard-mtl, TLS_OTHER",
            "OPENSSL, bollard-mtlsx, TLS_OTHER",
            "JDK, istio-peer-exchange istio, TLS_OTHER",
            "OPENSSL, '', TLS_OTHER",
    })
    void capturedHellos(SslProvider provider, String alpn, Verdict expected) throws Exception {
        String[] protocols = alpn.isBlank() ? new String[0] : alpn.split(" ");
        assertEquals(expected, sniff(clientHello(provider, protocols)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "'GET / HTTP/1.1\r\nHost: b\r\n\r\n', PLAINTEXT",
            "'PRI * HTTP/2.0', PLAINTEXT",
            "'\u0016', NEED_MORE",
            "'\u0016\u0001', PLAINTEXT",
            "'', NEED_MORE",
    })
    void plaintextAndTinyInputs(String input, Verdict expected) {
        assertEquals(expected, sniff(input.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void everyTruncationOfARealHelloNeedsMore() throws Exception {
        for (SslProvider provider : new SslProvider[] {SslProvider.JDK, SslProvider.OPENSSL}) {
            byte[] hello = firstRecord(clientHello(provider, "bollard-mtls"));
            for (int n = 0; n < hello.length; n++) {
                assertEquals(Verdict.NEED_MORE, sniff(Arrays.copyOf(hello, n)), provider + " prefix " + n);
            }
            assertEquals(Verdict.MESH_MTLS, sniff(hello));
        }
    }

    @Test
    void aHelloFragmentedOverRecordsIsReassembled() throws Exception {
        byte[] record = firstRecord(clientHello(SslProvider.OPENSSL, "h2", "bollard-mtls"));
        byte[] body = Arrays.copyOfRange(record, 5, record.length);
        for (int split : new int[] {1, 3, 4, 40, body.length / 2, body.length - 1}) {
            byte[] two = concat(record(22, Arrays.copyOfRange(body, 0, split)), record(22, Arrays.copyOfRange(body, split, body.length)));
            assertEquals(Verdict.MESH_MTLS, sniff(two), "split at " + split);
            for (int n = 0; n < two.length; n++) {
                assertEquals(Verdict.NEED_MORE, sniff(Arrays.copyOf(two, n)), "split " + split + " prefix " + n);
            }
        }
    }

    @Test
    void hostileHellos() throws Exception {
        byte[] hello = firstRecord(clientHello(SslProvider.JDK, "bollard-mtls"));
        // record length beyond what TLS allows
        assertEquals(Verdict.TLS_OTHER, sniff(patch(hello, 3, 0x48, 0x01)));
        // a zero-length record
        assertEquals(Verdict.TLS_OTHER, sniff(patch(hello, 3, 0x00, 0x00)));
        // a ServerHello, not a ClientHello
        assertEquals(Verdict.TLS_OTHER, sniff(patch(hello, 5, 0x02)));
        // a hello claiming 16 MiB
        assertEquals(Verdict.TLS_OTHER, sniff(patch(hello, 6, 0xff, 0xff, 0xff)));
        // an application-data record where the rest of a fragmented hello should be
        byte[] body = Arrays.copyOfRange(hello, 5, hello.length);
        byte[] mixed = concat(record(22, Arrays.copyOfRange(body, 0, 50)), record(23, Arrays.copyOfRange(body, 50, body.length)));
        assertEquals(Verdict.TLS_OTHER, sniff(mixed));
        // extensions claiming more bytes than the hello holds: found no ALPN, no exception
        int extLengthAt = extensionsLengthOffset(hello);
        assertEquals(Verdict.TLS_OTHER, sniff(patch(hello, extLengthAt, 0xff, 0xff)));
        // the hello's own length shorter than its content: the ALPN is cut off
        assertEquals(Verdict.TLS_OTHER, sniff(patch(hello, 6, 0x00, 0x00, 0x30)));
    }

    @Test
    void randomGarbageNeverThrows() {
        Random random = new Random(10);
        for (int i = 0; i < 20_000; i++) {
            byte[] junk = new byte[random.nextInt(300)];
            random.nextBytes(junk);
            if (junk.length > 2) {
                junk[0] = 22;
                junk[1] = 3;
            }
            sniff(junk); // any verdict, never an exception
        }
    }

    static int extensionsLengthOffset(byte[] record) {
        int p = 5 + 4 + 2 + 32;
        p += 1 + (record[p] & 0xff);
        p += 2 + ((record[p] & 0xff) << 8 | (record[p + 1] & 0xff));
        p += 1 + (record[p] & 0xff);
        return p;
    }

    static byte[] firstRecord(byte[] flight) {
        int length = (flight[3] & 0xff) << 8 | (flight[4] & 0xff);
        return Arrays.copyOf(flight, 5 + length);
    }

    static byte[] record(int type, byte[] fragment) {
        byte[] r = new byte[5 + fragment.length];
        r[0] = (byte) type;
        r[1] = 3;
        r[2] = 1;
        r[3] = (byte) (fragment.length >> 8);
        r[4] = (byte) fragment.length;
        System.arraycopy(fragment, 0, r, 5, fragment.length);
        return r;
    }

    static byte[] patch(byte[] bytes, int at, int... values) {
        byte[] copy = bytes.clone();
        for (int i = 0; i < values.length; i++) {
            copy[at + i] = (byte) values[i];
        }
        return copy;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
