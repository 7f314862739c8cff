package dev.bollard.proxy.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 9112 section 6.3, the rows that matter to a proxy that must frame a message exactly as the application will. */
class FramingTest {
    static HttpHead head(String s) throws MalformedHttpException {
        return HttpHeadsTest.request(s.replace("|", "\r\n") + "\r\n\r\n");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = ';', value = {
            "GET / HTTP/1.1;NONE;0",
            "POST / HTTP/1.1|content-length: 12;LENGTH;12",
            "POST / HTTP/1.1|content-length: 12, 12;LENGTH;12",
            "POST / HTTP/1.1|content-length: 0;NONE;0",
            "POST / HTTP/1.1|transfer-encoding: gzip, chunked;CHUNKED;0"})
    void requestBodies(String head, Framing.Kind kind, long length) throws Exception {
        assertEquals(new Framing(kind, length), Framing.request(head(head)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "POST / HTTP/1.1|content-length: 3|transfer-encoding: chunked",
            "POST / HTTP/1.1|transfer-encoding: chunked, gzip",
            "POST / HTTP/1.0|transfer-encoding: chunked",
            "POST / HTTP/1.1|content-length: 3|content-length: 4",
            "POST / HTTP/1.1|content-length: -1",
            "POST / HTTP/1.1|content-length: 0x10"})
    void ambiguousRequestBodiesAre400(String head) {
        assertEquals(400, assertThrows(MalformedHttpException.class, () -> Framing.request(head(head))).status());
    }

    @ParameterizedTest(name = "{1} {0} -> {2}")
    @CsvSource(delimiter = ';', value = {
            "HTTP/1.1 200 OK|content-length: 5;GET;LENGTH",
            "HTTP/1.1 200 OK|content-length: 5;HEAD;NONE",
            "HTTP/1.1 204 No Content;GET;NONE",
            "HTTP/1.1 304 Not Modified|content-length: 5;GET;NONE",
            "HTTP/1.1 100 Continue;POST;NONE",
            "HTTP/1.1 200 OK|transfer-encoding: chunked;GET;CHUNKED",
            "HTTP/1.1 200 OK|transfer-encoding: gzip;GET;UNTIL_CLOSE",
            "HTTP/1.1 200 OK;GET;UNTIL_CLOSE",
            "HTTP/1.1 200 Connection established;CONNECT;NONE"})
    void responseBodies(String head, String method, Framing.Kind kind) throws Exception {
        io.netty.buffer.ByteBuf in = HttpHeadsTest.bytes(head.replace("|", "\r\n") + "\r\n\r\n");
        try {
            assertEquals(kind, Framing.response(HttpHeads.response(in, in.readableBytes()), method).kind());
        } finally {
            in.release();
        }
    }
}
