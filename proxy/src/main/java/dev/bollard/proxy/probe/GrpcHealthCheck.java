package dev.bollard.proxy.probe;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * kubelet's gRPC probe from inside the pod: one {@code grpc.health.v1.Health/Check} over plain-text
 * HTTP/2 (h2c with prior knowledge, as kubelet's), passed when the answer is {@code SERVING}. Written
 * on a socket with the few frames it needs: the request headers use HPACK literals only, and only the
 * response's DATA is read, so no HPACK decoder is needed; a server that answers with an error status
 * sends trailers and no message, which is a failure either way.
 */
final class GrpcHealthCheck {
    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int DATA = 0, HEADERS = 1, RST_STREAM = 3, SETTINGS = 4, PING = 6, GOAWAY = 7;
    private static final int END_STREAM = 0x1, ACK = 0x1, END_HEADERS = 0x4, PADDED = 0x8;
    private static final int STREAM = 1;
    private static final int SERVING = 1;
    private static final int MAX_FRAME = 1 << 20;

    ProbeOutcome check(InetSocketAddress target, Optional<String> service, Duration timeout) {
        String what = "gRPC health check of " + (target.getAddress() != null ? target.getAddress().getHostAddress() : target.getHostString()) + ":" + target.getPort()
                + service.map(s -> " service " + s).orElse("");
        try (Socket socket = new Socket()) {
            int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            socket.connect(target, millis);
            socket.setSoTimeout(millis);
            OutputStream out = socket.getOutputStream();
            out.write(PREFACE);
            frame(out, SETTINGS, 0, 0, new byte[0]);
            frame(out, HEADERS, END_HEADERS, STREAM, headers(target));
            frame(out, DATA, END_STREAM, STREAM, message(service));
            out.flush();
            byte[] response = read(new DataInputStream(socket.getInputStream()), out);
            int status = servingStatus(response);
            return status == SERVING ? ProbeOutcome.passed(what + ": SERVING")
                    : ProbeOutcome.unreachable(what + ": " + (status < 0 ? "no health response" : "status " + status));
        } catch (IOException e) {
            return ProbeOutcome.unreachable(what + ": " + e.getMessage());
        }
    }

    /** The response message bytes of stream 1, until the stream ends. */
    private static byte[] read(DataInputStream in, OutputStream out) throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        while (true) {
            int length = (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8) | in.readUnsignedByte();
            int type = in.readUnsignedByte();
            int flags = in.readUnsignedByte();
            int stream = in.readInt() & 0x7fffffff;
            if (length > MAX_FRAME) {
                throw new IOException("HTTP/2 frame of " + length + " bytes");
            }
            byte[] payload = in.readNBytes(length);
            if (payload.length < length) {
                throw new EOFException("connection closed in an HTTP/2 frame");
            }
            if (type == SETTINGS && (flags & ACK) == 0) {
                frame(out, SETTINGS, ACK, 0, new byte[0]);
            } else if (type == PING && (flags & ACK) == 0) {
                frame(out, PING, ACK, 0, payload);
            } else if (type == GOAWAY) {
                throw new IOException("the server sent GOAWAY");
            } else if (type == RST_STREAM && stream == STREAM) {
                throw new IOException("the server reset the stream");
            } else if (type == DATA && stream == STREAM) {
                int pad = (flags & PADDED) != 0 && length > 0 ? payload[0] & 0xff : -1;
                int start = pad >= 0 ? 1 : 0;
                int end = length - Math.max(pad, 0);
                if (end > start) {
                    data.write(payload, start, end - start);
                }
            }
            if ((type == DATA || type == HEADERS) && stream == STREAM && (flags & END_STREAM) != 0) {
                return data.toByteArray();
            }
            out.flush();
        }
    }

    /** The HealthCheckResponse's status (field 1), or -1 when there is no message. */
    static int servingStatus(byte[] grpcMessage) {
        if (grpcMessage.length < 5) {
            return -1;
        }
        int status = 0; // proto3 leaves a zero status (UNKNOWN) out
        for (int i = 5; i + 1 < grpcMessage.length && grpcMessage[i] == 0x08; ) {
            status = grpcMessage[i + 1] & 0x7f; // field 1, varint; the enum's values fit one byte
            i += 2;
        }
        return status;
    }

    private static byte[] headers(InetSocketAddress target) {
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        block.write(0x83); // :method POST (static table 3)
        block.write(0x86); // :scheme http (static table 6)
        literal(block, 4, 4, "/grpc.health.v1.Health/Check"); // :path
        literal(block, 1, 4, target.getHostString() + ":" + target.getPort()); // :authority
        literal(block, 31, 4, "application/grpc"); // content-type
        block.write(0x00); // te, a name the static table has without this value
        string(block, "te");
        string(block, "trailers");
        return block.toByteArray();
    }

    private static byte[] message(Optional<String> service) {
        byte[] name = service.orElse("").getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (name.length > 0) {
            body.write(0x0a); // field 1, length-delimited
            varint(body, name.length);
            body.writeBytes(name);
        }
        byte[] proto = body.toByteArray();
        ByteArrayOutputStream framed = new ByteArrayOutputStream();
        framed.write(0);
        framed.writeBytes(new byte[] {(byte) (proto.length >>> 24), (byte) (proto.length >>> 16),
            (byte) (proto.length >>> 8), (byte) proto.length});
        framed.writeBytes(proto);
        return framed.toByteArray();
    }

    /** HPACK "literal header field without indexing" with an indexed name. */
    private static void literal(ByteArrayOutputStream block, int nameIndex, int prefixBits, String value) {
        integer(block, 0x00, prefixBits, nameIndex);
        string(block, value);
    }

    private static void string(ByteArrayOutputStream block, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        integer(block, 0x00, 7, bytes.length); // no Huffman coding
        block.writeBytes(bytes);
    }

    private static void integer(ByteArrayOutputStream block, int firstBits, int prefixBits, int value) {
        int max = (1 << prefixBits) - 1;
        if (value < max) {
            block.write(firstBits | value);
            return;
        }
        block.write(firstBits | max);
        value -= max;
        while (value >= 0x80) {
            block.write((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        block.write(value);
    }

    private static void varint(ByteArrayOutputStream out, int value) {
        while (value >= 0x80) {
            out.write((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out.write(value);
    }

    private static void frame(OutputStream out, int type, int flags, int stream, byte[] payload) throws IOException {
        out.write(new byte[] {(byte) (payload.length >>> 16), (byte) (payload.length >>> 8), (byte) payload.length,
            (byte) type, (byte) flags, (byte) (stream >>> 24), (byte) (stream >>> 16), (byte) (stream >>> 8), (byte) stream});
        out.write(payload);
    }
}
