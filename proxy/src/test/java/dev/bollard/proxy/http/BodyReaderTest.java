package dev.bollard.proxy.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.netty.buffer.ByteBuf;

/** Where a body ends, over any split of the bytes into reads; the bytes themselves are never touched. */
class BodyReaderTest {
    static final String CHUNKED = "6;name=\"v\"\r\nsecret\r\nA\r\n0123456789\r\n0\r\nx-trailer: t\r\n\r\n";

    /** Feeds {@code body + rest} in reads of {@code step} bytes; returns how many bytes the body took. */
    static int measure(Framing framing, String bytes, int step) throws MalformedHttpException {
        BodyReader reader = new BodyReader(framing);
        int taken = 0;
        for (int at = 0; at < bytes.length() && !reader.done(); at += step) {
            ByteBuf in = HttpHeadsTest.bytes(bytes.substring(taken, Math.min(bytes.length(), at + step)));
            try {
                int n = reader.consume(in);
                assertEquals(0, in.readerIndex(), "the reader does not consume");
                taken += n;
                if (n < in.readableBytes()) {
                    assertTrue(reader.done());
                }
            } finally {
                in.release();
            }
            at = taken - step;
        }
        assertTrue(reader.done(), "the body ended");
        return taken;
    }

    @ParameterizedTest(name = "reads of {0} bytes")
    @ValueSource(ints = {1, 2, 3, 7, 1000})
    void aChunkedBodyEndsAfterItsTrailers(int step) throws Exception {
        assertEquals(CHUNKED.length(), measure(Framing.CHUNKED, CHUNKED + "GET / HTTP/1.1\r\n\r\n", step));
    }

    @ParameterizedTest(name = "reads of {0} bytes")
    @ValueSource(ints = {1, 4, 1000})
    void aContentLengthBodyEndsAtItsLength(int step) throws Exception {
        assertEquals(11, measure(new Framing(Framing.Kind.LENGTH, 11), "secret-bodyGET / HTTP/1.1\r\n\r\n", step));
    }

    @Test
    void noBodyIsDoneAtOnceAndUntilCloseNever() throws Exception {
        assertTrue(new BodyReader(Framing.NONE).done());
        BodyReader untilClose = new BodyReader(Framing.UNTIL_CLOSE);
        ByteBuf in = HttpHeadsTest.bytes("anything");
        try {
            assertEquals(8, untilClose.consume(in));
            assertFalse(untilClose.done());
            assertTrue(untilClose.untilClose());
        } finally {
            in.release();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"x\r\n", "\r\n", "5\r\nhelloX\r\n", "fffffffffffffffff\r\n"})
    void malformedChunkingIs400(String body) {
        assertEquals(400, assertThrows(MalformedHttpException.class, () -> measure(Framing.CHUNKED, body, 100)).status());
    }
}
