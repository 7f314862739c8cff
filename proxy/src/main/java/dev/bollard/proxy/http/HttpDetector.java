package dev.bollard.proxy.http;

import io.netty.buffer.ByteBuf;

/**
 * Tells from a connection's first bytes whether the client speaks HTTP/1.x (pure): a request line
 * {@code METHOD SP target SP HTTP/1.x} followed by a line end. Answers {@link Verdict#NEED_MORE}
 * while the bytes so far could still start one; the caller bounds the wait with its sniff timeout
 * and with {@link HttpHeads#MAX_HEAD} (a request line that long is HTTP whose head is too large:
 * the proxy answers 431 rather than relay it unchecked). Leading empty lines are allowed, as the
 * request parser allows them. Istio's sniffer looks at the method alone; the whole line is cheap
 * and does not mistake a text protocol that starts with a word for HTTP.
 */
public final class HttpDetector {
    public enum Verdict { NEED_MORE, HTTP, OTHER }

    private static final byte[] VERSION = {'H', 'T', 'T', 'P', '/', '1', '.'};
    private static final int MAX_METHOD = 32;

    private HttpDetector() {
    }

    public static Verdict sniff(ByteBuf in) {
        int p = in.readerIndex();
        int end = in.writerIndex();
        while (p < end && (in.getByte(p) == '\r' || in.getByte(p) == '\n')) {
            p++;
        }
        int methodStart = p;
        while (p < end && HttpHeads.tchar(in.getByte(p))) {
            if (++p - methodStart > MAX_METHOD) {
                return Verdict.OTHER;
            }
        }
        if (p == end) {
            return more(in);
        }
        if (p == methodStart || in.getByte(p++) != ' ') {
            return Verdict.OTHER;
        }
        int targetStart = p;
        while (p < end && in.getByte(p) > 0x20 && in.getByte(p) < 0x7f) {
            p++;
        }
        if (p == end) {
            return more(in);
        }
        if (p == targetStart || in.getByte(p++) != ' ') {
            return Verdict.OTHER;
        }
        for (byte b : VERSION) {
            if (p == end) {
                return more(in);
            }
            if (in.getByte(p++) != b) {
                return Verdict.OTHER;
            }
        }
        if (p == end) {
            return more(in);
        }
        if (in.getByte(p) != '0' && in.getByte(p) != '1') {
            return Verdict.OTHER;
        }
        p++;
        if (p < end && in.getByte(p) == '\r') {
            p++;
        }
        if (p == end) {
            return more(in);
        }
        return in.getByte(p) == '\n' ? Verdict.HTTP : Verdict.OTHER;
    }

    /** A request line still arriving, or one too long to wait for. */
    private static Verdict more(ByteBuf in) {
        return in.readableBytes() >= HttpHeads.MAX_HEAD ? Verdict.HTTP : Verdict.NEED_MORE;
    }
}
