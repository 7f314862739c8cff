package dev.bollard.proxy.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.bollard.proxy.http.HttpDetector.Verdict;
import io.netty.buffer.ByteBuf;

/** HTTP/1.x or not, from a connection's first bytes; every prefix of a request line needs more. */
class HttpDetectorTest {
    static Verdict sniff(String s) {
        ByteBuf in = HttpHeadsTest.bytes(s);
        try {
            return HttpDetector.sniff(in);
        } finally {
            in.release();
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "GET / HTTP/1.1\\r\\n|HTTP",
            "PROPFIND /dav HTTP/1.0\\n|HTTP",
            "\\r\\nGET / HTTP/1.1\\r\\n|HTTP",
            "EHLO relay\\r\\n|OTHER",
            "PRI * HTTP/2.0\\r\\n|OTHER",
            "GET / HTTP/1.1 extra\\r\\n|OTHER",
            "SSH-2.0-OpenSSH_9.6\\r\\n|OTHER",
            "{\"json\": 1}|OTHER",
            "GET /|NEED_MORE",
            "|NEED_MORE"})
    void firstBytes(String bytes, Verdict expected) {
        assertEquals(expected, sniff(bytes == null ? "" : bytes.replace("\\r", "\r").replace("\\n", "\n")));
    }

    @Test
    void aTlsHelloIsNotHttp() {
        assertEquals(Verdict.OTHER, sniff("\u0016\u0003\u0001\u0002\u0000"));
    }

    @Test
    void everyPrefixOfARequestLineNeedsMore() {
        String line = "POST /upload?x=1 HTTP/1.1\r\n";
        for (int i = 0; i < line.length() - 1; i++) {
            assertEquals(Verdict.NEED_MORE, sniff(line.substring(0, i)), line.substring(0, i));
        }
        assertEquals(Verdict.HTTP, sniff(line));
    }

    @Test
    void aRequestLineTooLongToWaitForIsHttp() {
        assertEquals(Verdict.HTTP, sniff("GET /" + "a".repeat(HttpHeads.MAX_HEAD)));
    }
}
