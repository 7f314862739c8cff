package dev.bollard.proxy.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;

/**
 * Finds and parses HTTP/1.x message heads in the bytes as received (pure). Strict where a lenient
 * reading lets two parsers disagree about where a message ends (request smuggling): a header name
 * with whitespace before its colon, obsolete line folding and control characters are malformed,
 * as RFC 9112 allows a server to decide and as Envoy does. Leading empty lines before a request
 * line are part of the head and skipped (RFC 9112 section 2.2).
 */
public final class HttpHeads {
    /** Envoy's default {@code max_request_headers_kb}: the whole head, request line included. */
    public static final int MAX_HEAD = 60 * 1024;
    private static final byte[] STATUS_PREFIX = {'H', 'T', 'T', 'P', '/', '1', '.'};

    private HttpHeads() {
    }

    /**
     * The length of the head at the reader index, blank line included, or -1 when it is not complete yet.
     *
     * @throws MalformedHttpException 431 when no head ends within {@code max} bytes
     */
    public static int end(ByteBuf in, int max) throws MalformedHttpException {
        int start = in.readerIndex();
        int limit = Math.min(in.writerIndex(), start + max);
        int lineStart = start;
        boolean content = false; // a non-empty line was seen: the next empty line ends the head
        for (int i = start; i < limit; i++) {
            if (in.getByte(i) != '\n') {
                continue;
            }
            int lineLength = i - lineStart - (i > lineStart && in.getByte(i - 1) == '\r' ? 1 : 0);
            if (lineLength == 0 && content) {
                return i + 1 - start;
            }
            content |= lineLength > 0;
            lineStart = i + 1;
        }
        if (in.writerIndex() - start >= max) {
            throw new MalformedHttpException(431, "request head over " + (max / 1024) + " KiB");
        }
        return -1;
    }

    /**
     * False as soon as the first bytes cannot start a status line ({@code HTTP/1.}): an application
     * that answers in another protocol is relayed at once, not held until a head would end.
     */
    public static boolean couldBeResponse(ByteBuf in) {
        int n = Math.min(in.readableBytes(), STATUS_PREFIX.length);
        for (int i = 0; i < n; i++) {
            if (in.getByte(in.readerIndex() + i) != STATUS_PREFIX[i]) {
                return false;
            }
        }
        return true;
    }

    /** A request head of {@code length} bytes at the reader index (which does not move). */
    public static HttpHead request(ByteBuf in, int length) throws MalformedHttpException {
        List<String> lines = lines(in, length);
        String[] parts = lines.get(0).split(" ", -1);
        if (parts.length != 3 || !token(parts[0]) || !target(parts[1])) {
            throw new MalformedHttpException(400, "malformed request line");
        }
        int minor = version(parts[2]);
        return new HttpHead(parts[0], parts[1], parts[2], minor, headers(lines), length);
    }

    /** A response head of {@code length} bytes at the reader index (which does not move). */
    public static HttpHead response(ByteBuf in, int length) throws MalformedHttpException {
        List<String> lines = lines(in, length);
        String line = lines.get(0);
        if (line.length() < 12 || line.charAt(8) != ' ' || line.length() > 12 && line.charAt(12) != ' '
                || !line.substring(9, 12).chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new MalformedHttpException(502, "malformed status line");
        }
        int minor = version(line.substring(0, 8));
        return new HttpHead(line.substring(0, 8), line.substring(9, 12), line.length() > 13 ? line.substring(13) : "",
                minor, headers(lines), length);
    }

    /** The head's lines without line ends, leading empty lines dropped, the final empty line too. */
    private static List<String> lines(ByteBuf in, int length) throws MalformedHttpException {
        String text = in.toString(in.readerIndex(), length, StandardCharsets.ISO_8859_1);
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            if (!l.isEmpty() || !lines.isEmpty()) {
                lines.add(l);
            }
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        if (lines.isEmpty()) {
            throw new MalformedHttpException(400, "empty head");
        }
        return lines;
    }

    private static List<HttpHead.Header> headers(List<String> lines) throws MalformedHttpException {
        List<HttpHead.Header> out = new ArrayList<>(lines.size() - 1);
        for (String line : lines.subList(1, lines.size())) {
            int colon = line.indexOf(':');
            if (colon <= 0 || !token(line.substring(0, colon))) {
                throw new MalformedHttpException(400, line.isEmpty() || line.charAt(0) == ' ' || line.charAt(0) == '\t'
                        ? "obsolete line folding in a header" : "malformed header name");
            }
            String value = line.substring(colon + 1).strip();
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c < 0x20 && c != '\t' || c == 0x7f) {
                    throw new MalformedHttpException(400, "control character in header " + line.substring(0, colon));
                }
            }
            out.add(new HttpHead.Header(line.substring(0, colon), value));
        }
        return out;
    }

    private static int version(String v) throws MalformedHttpException {
        if (v.equals("HTTP/1.1")) {
            return 1;
        }
        if (v.equals("HTTP/1.0")) {
            return 0;
        }
        throw new MalformedHttpException(v.startsWith("HTTP/") ? 505 : 400, "unsupported version");
    }

    /** RFC 9110 token: the method and header names. */
    static boolean token(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!tchar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean tchar(int c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    /** A request target: visible ASCII, no space (RFC 9112 section 3.2). */
    static boolean target(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }
}
