package dev.bollard.proxy.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/** Finding and reading heads: what is a head, where it ends, and what is refused (request smuggling shapes first). */
class HttpHeadsTest {
    static ByteBuf bytes(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }

    static HttpHead request(String s) throws MalformedHttpException {
        ByteBuf in = bytes(s);
        try {
            int end = HttpHeads.end(in, HttpHeads.MAX_HEAD);
            assertTrue(end > 0, "a complete head");
            return HttpHeads.request(in, end);
        } finally {
            in.release();
        }
    }

    @Test
    void readsARequestHeadAsSent() throws Exception {
        HttpHead h = request("\r\nGET /a?b=c HTTP/1.1\r\nHost: b:8080\r\nX-Multi: 1\r\nx-multi:  2 \r\n\r\nbody");
        assertEquals("GET", h.first());
        assertEquals("/a?b=c", h.second());
        assertEquals(1, h.minor());
        assertEquals("b:8080", h.value("host").orElseThrow());
        assertEquals(Map.of("host", List.of("b:8080"), "x-multi", List.of("1", "2")), h.headerMap());
        assertEquals(65, h.length(), "the leading empty line belongs to the head; the body does not");
    }

    @Test
    void findsTheEndWithBareLineFeedsAndWaitsForAnIncompleteHead() throws Exception {
        ByteBuf in = bytes("GET / HTTP/1.1\nhost: b\n\nrest");
        ByteBuf partial = bytes("GET / HTTP/1.1\r\nhost: b\r\n");
        try {
            assertEquals(24, HttpHeads.end(in, HttpHeads.MAX_HEAD));
            assertEquals(-1, HttpHeads.end(partial, HttpHeads.MAX_HEAD));
        } finally {
            in.release();
            partial.release();
        }
    }

    @Test
    void aHeadOverTheLimitIs431() {
        ByteBuf in = bytes("GET / HTTP/1.1\r\nx: " + "a".repeat(HttpHeads.MAX_HEAD));
        try {
            assertEquals(431, assertThrows(MalformedHttpException.class, () -> HttpHeads.end(in, HttpHeads.MAX_HEAD)).status());
        } finally {
            in.release();
        }
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "GET / HTTP/1.1\\r\\nHost : b\\r\\n\\r\\n|malformed header name",
            "GET / HTTP/1.1\\r\\nHost: b\\r\\n folded\\r\\n\\r\\n|obsolete line folding",
            "GET / HTTP/1.1\\r\\nx: a\u0000b\\r\\n\\r\\n|control character",
            "GET  / HTTP/1.1\\r\\n\\r\\n|malformed request line",
            "GET / HTTP/2.0\\r\\n\\r\\n|unsupported version",
            "G(T / HTTP/1.1\\r\\n\\r\\n|malformed request line"})
    void refusesAmbiguousHeads(String head, String message) {
        MalformedHttpException e = assertThrows(MalformedHttpException.class, () -> request(head.replace("\\r\\n", "\r\n")));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void keepAliveFollowsTheVersionAndConnectionHeader() throws Exception {
        assertTrue(request("GET / HTTP/1.1\r\n\r\n").keepAlive());
        assertFalse(request("GET / HTTP/1.1\r\nConnection: Close\r\n\r\n").keepAlive());
        assertFalse(request("GET / HTTP/1.0\r\n\r\n").keepAlive());
        assertTrue(request("GET / HTTP/1.0\r\nconnection: keep-alive\r\n\r\n").keepAlive());
    }

    @Test
    void readsAStatusLine() throws Exception {
        ByteBuf in = bytes("HTTP/1.1 204 No Content\r\n\r\n");
        ByteBuf bare = bytes("HTTP/1.0 200\r\n\r\n");
        try {
            assertEquals(204, HttpHeads.response(in, HttpHeads.end(in, HttpHeads.MAX_HEAD)).status());
            assertEquals(200, HttpHeads.response(bare, HttpHeads.end(bare, HttpHeads.MAX_HEAD)).status());
            assertTrue(HttpHeads.couldBeResponse(in));
        } finally {
            in.release();
            bare.release();
        }
    }

    @Test
    void anAnswerThatIsNotHttpIsKnownFromItsFirstBytes() {
        ByteBuf echo = bytes("GET / HTTP/1.0\r\n");
        ByteBuf start = bytes("HT");
        try {
            assertFalse(HttpHeads.couldBeResponse(echo));
            assertTrue(HttpHeads.couldBeResponse(start));
        } finally {
            echo.release();
            start.release();
        }
    }
}
