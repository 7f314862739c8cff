package dev.bollard.proxy.inbound;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;

/**
 * Tells, from the first bytes a client sent, whether it opens mesh mTLS: a TLS ClientHello whose
 * ALPN list contains {@link dev.bollard.proxy.tls.MtlsAlpn#TOKEN}. Pure: it looks at the readable
 * bytes without consuming them and answers {@link Verdict#NEED_MORE} until it can decide, so the
 * caller feeds it the accumulated bytes after every read. A ClientHello fragmented over several
 * handshake records is reassembled; lengths are checked before every access and the hello is capped
 * at {@link #MAX_HELLO} bytes, so a hostile or truncated hello ends as {@code NEED_MORE} (the caller's
 * timeout and size cap apply) or {@code TLS_OTHER}, never as an exception or an unbounded wait.
 */
public final class ClientHelloSniffer {
    /** Larger than any real ClientHello (post-quantum key shares included), far below memory concerns. */
    public static final int MAX_HELLO = 64 * 1024;

    private static final int RECORD_HEADER = 5;
    private static final int CONTENT_HANDSHAKE = 22;
    private static final int HANDSHAKE_CLIENT_HELLO = 1;
    private static final int EXT_SERVER_NAME = 0;
    private static final int EXT_ALPN = 16;
    private static final byte[] TOKEN = dev.bollard.proxy.tls.MtlsAlpn.TOKEN.getBytes(StandardCharsets.US_ASCII);

    public enum Verdict {
        /** Not enough bytes yet to decide. */
        NEED_MORE,
        /** Not TLS at all. */
        PLAINTEXT,
        /** TLS (or something that starts like it) without our ALPN: an application's own TLS. */
        TLS_OTHER,
        /** A ClientHello offering {@code bollard-mtls}: a peer sidecar. */
        MESH_MTLS
    }

    private ClientHelloSniffer() {
    }

    public static Verdict sniff(ByteBuf in) {
        Hello hello = hello(in);
        return hello.body() == null ? hello.verdict() : offersToken(hello.body()) ? Verdict.MESH_MTLS : Verdict.TLS_OTHER;
    }

    /**
     * The server name a complete ClientHello at the reader index asks for (its {@code server_name}
     * extension, host_name entry), for AuthorizationPolicy's {@code connection.sni}; empty when
     * the bytes are no complete hello or it names none.
     */
    public static java.util.Optional<String> serverName(ByteBuf in) {
        byte[] body = hello(in).body();
        int[] ext = body == null ? null : extension(body, EXT_SERVER_NAME);
        if (ext == null || ext[1] < 5) {
            return java.util.Optional.empty();
        }
        int p = ext[0];
        int listEnd = Math.min(p + 2 + u16(body, p), ext[0] + ext[1]);
        p += 2;
        while (p + 3 <= listEnd) {
            int type = body[p] & 0xff;
            int length = u16(body, p + 1);
            p += 3;
            if (p + length > listEnd) {
                break;
            }
            if (type == 0 && length > 0) {
                String name = new String(body, p, length, StandardCharsets.US_ASCII);
                return name.chars().allMatch(c -> c > 0x20 && c < 0x7f) ? java.util.Optional.of(name) : java.util.Optional.empty();
            }
            p += length;
        }
        return java.util.Optional.empty();
    }

    /** A verdict, or (body non-null) a complete ClientHello's body after its 4-byte handshake header. */
    private record Hello(Verdict verdict, byte[] body) {
    }

    private static Hello hello(ByteBuf in) {
        int start = in.readerIndex();
        int end = in.writerIndex();
        if (end - start < 1) {
            return new Hello(Verdict.NEED_MORE, null);
        }
        if (in.getUnsignedByte(start) != CONTENT_HANDSHAKE) {
            return new Hello(Verdict.PLAINTEXT, null);
        }
        if (end - start < 2) {
            return new Hello(Verdict.NEED_MORE, null);
        }
        if (in.getUnsignedByte(start + 1) != 3) {
            return new Hello(Verdict.PLAINTEXT, null); // SSL/TLS record versions are all 3.x
        }
        // Reassemble the handshake message from consecutive handshake records (its 4-byte header,
        // too, may be split), deciding as early as the bytes allow.
        byte[] handshake = new byte[0];
        int have = 0;
        int pos = start;
        while (true) {
            if (end - pos < RECORD_HEADER) {
                return new Hello(Verdict.NEED_MORE, null);
            }
            if (in.getUnsignedByte(pos) != CONTENT_HANDSHAKE || in.getUnsignedByte(pos + 1) != 3) {
                return new Hello(Verdict.TLS_OTHER, null);
            }
            int recordLength = in.getUnsignedShort(pos + 3);
            if (recordLength == 0 || recordLength > 16384 + 2048) {
                return new Hello(Verdict.TLS_OTHER, null);
            }
            int fragmentStart = pos + RECORD_HEADER;
            int available = Math.min(recordLength, end - fragmentStart);
            int limit = have < 4 ? 4 + MAX_HELLO : 4 + helloLength(handshake);
            int take = Math.min(available, limit - have);
            if (have + take > handshake.length) {
                handshake = java.util.Arrays.copyOf(handshake, Math.max(have + take, Math.min(limit, handshake.length * 2 + 512)));
            }
            in.getBytes(fragmentStart, handshake, have, take);
            have += take;
            if (have >= 4) {
                if ((handshake[0] & 0xff) != HANDSHAKE_CLIENT_HELLO || helloLength(handshake) > MAX_HELLO) {
                    return new Hello(Verdict.TLS_OTHER, null);
                }
                int total = 4 + helloLength(handshake);
                if (have >= total) {
                    return new Hello(Verdict.TLS_OTHER, java.util.Arrays.copyOfRange(handshake, 4, total));
                }
            }
            if (available < recordLength) {
                return new Hello(Verdict.NEED_MORE, null);
            }
            pos = fragmentStart + recordLength;
        }
    }

    private static int helloLength(byte[] handshake) {
        return (handshake[1] & 0xff) << 16 | (handshake[2] & 0xff) << 8 | (handshake[3] & 0xff);
    }

    /** Walks a ClientHello body (after the 4-byte handshake header) to its ALPN extension. */
    static boolean offersToken(byte[] h) {
        int[] ext = extension(h, EXT_ALPN);
        return ext != null && alpnContainsToken(h, ext[0], ext[1]);
    }

    /** The offset and length of extension {@code wanted}'s data in a ClientHello body, or null. */
    private static int[] extension(byte[] h, int wanted) {
        int p = 2 + 32; // client_version, random
        if (p + 1 > h.length) {
            return null;
        }
        p += 1 + (h[p] & 0xff); // session_id
        if (p + 2 > h.length) {
            return null;
        }
        p += 2 + u16(h, p); // cipher_suites
        if (p + 1 > h.length) {
            return null;
        }
        p += 1 + (h[p] & 0xff); // compression_methods
        if (p + 2 > h.length) {
            return null;
        }
        int extensionsEnd = p + 2 + u16(h, p);
        p += 2;
        if (extensionsEnd > h.length) {
            return null;
        }
        while (p + 4 <= extensionsEnd) {
            int type = u16(h, p);
            int length = u16(h, p + 2);
            p += 4;
            if (p + length > extensionsEnd) {
                return null;
            }
            if (type == wanted) {
                return new int[] {p, length};
            }
            p += length;
        }
        return null;
    }

    private static boolean alpnContainsToken(byte[] h, int p, int length) {
        if (length < 2) {
            return false;
        }
        int listEnd = p + 2 + u16(h, p);
        if (listEnd > p + length) {
            return false;
        }
        p += 2;
        while (p < listEnd) {
            int nameLength = h[p] & 0xff;
            p++;
            if (nameLength == 0 || p + nameLength > listEnd) {
                return false;
            }
            if (nameLength == TOKEN.length && java.util.Arrays.equals(h, p, p + nameLength, TOKEN, 0, TOKEN.length)) {
                return true;
            }
            p += nameLength;
        }
        return false;
    }

    private static int u16(byte[] h, int p) {
        return ((h[p] & 0xff) << 8) | (h[p + 1] & 0xff);
    }
}
