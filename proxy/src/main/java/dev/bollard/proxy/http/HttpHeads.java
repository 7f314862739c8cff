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
        int i;
        // ByteBuf.indexOf scans a word at a time; this runs on every read of every request and response
        while ((i = in.indexOf(lineStart, limit, (byte) '\n')) >= 0) {
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
                || !digit(line.charAt(9)) || !digit(line.charAt(10)) || !digit(line.charAt(11))) {
            throw new MalformedHttpException(502, "malformed status line");
        }
        String version = line.substring(0, 8);
        int minor = version(version);
        return new HttpHead(version, line.substring(9, 12), line.length() > 13 ? line.substring(13) : "",
                minor, headers(lines), length);
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The head's lines without line ends, leading empty lines dropped, the final empty line too. */
    private static List<String> lines(ByteBuf in, int length) throws MalformedHttpException {
        String text = in.toString(in.readerIndex(), length, StandardCharsets.ISO_8859_1);
        List<String> lines = new ArrayList<>(16);
        int from = 0;
        while (true) {
            int lf = text.indexOf('\n', from);
            int end = lf < 0 ? text.length() : lf;
            int to = end > from && text.charAt(end - 1) == '\r' ? end - 1 : end;
            if (to > from || !lines.isEmpty()) {
                lines.add(text.substring(from, to));
            }
            if (lf < 0) {
                break;
            }
            from = lf + 1;
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
        for (int n = 1; n < lines.size(); n++) {
            String line = lines.get(n);
            int colon = line.indexOf(':');
            String name = colon <= 0 ? "" : line.substring(0, colon);
            if (!token(name)) {
                throw new MalformedHttpException(400, line.isEmpty() || line.charAt(0) == ' ' || line.charAt(0) == '\t'
                        ? "obsolete line folding in a header" : "malformed header name");
            }
            // the value without the whitespace around it, as String.strip() trims it, in one copy
            int from = colon + 1;
            int to = line.length();
            while (from < to && Character.isWhitespace(line.charAt(from))) {
                from++;
            }
            while (to > from && Character.isWhitespace(line.charAt(to - 1))) {
                to--;
            }
            for (int i = from; i < to; i++) {
                char c = line.charAt(i);
                if (c < 0x20 && c != '\t' || c == 0x7f) {
                    throw new MalformedHttpException(400, "control character in header " + name);
                }
            }
            out.add(new HttpHead.Header(name, line.substring(from, to)));
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
