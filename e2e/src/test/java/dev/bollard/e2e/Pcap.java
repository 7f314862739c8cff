package dev.bollard.e2e;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The TCP payloads of a classic pcap file (Ethernet, IPv4), joined per direction of each flow in
 * capture order. Enough to say what crossed a link: retransmissions may repeat bytes, which
 * changes nothing for "does this marker appear" or "does the stream start with a TLS record".
 * Keys name a direction: "10.250.0.2:41234 > 10.250.0.3:8080".
 */
record Pcap(Map<String, byte[]> streams) {
    private static final int ETHERNET = 1;
    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int TCP = 6;

    static Pcap parse(byte[] file) {
        ByteBuffer in = ByteBuffer.wrap(file);
        int magic = in.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
            in.order(ByteOrder.BIG_ENDIAN);
        }
        if (in.getInt(20) != ETHERNET) {
            throw new IllegalArgumentException("pcap: link type " + in.getInt(20) + " is not Ethernet");
        }
        Map<String, ByteArrayOutputStream> flows = new LinkedHashMap<>();
        for (int at = 24; at + 16 <= file.length; ) {
            int captured = in.getInt(at + 8);
            int frame = at + 16;
            payload(file, frame, captured, flows);
            at = frame + captured;
        }
        Map<String, byte[]> streams = new LinkedHashMap<>();
        flows.forEach((k, v) -> streams.put(k, v.toByteArray()));
        return new Pcap(streams);
    }

    private static void payload(byte[] f, int frame, int length, Map<String, ByteArrayOutputStream> flows) {
        int end = frame + length;
        if (length < 14 + 20 || u16(f, frame + 12) != ETHERTYPE_IPV4 || (f[frame + 14 + 9] & 0xff) != TCP) {
            return;
        }
        int ip = frame + 14;
        int ipEnd = Math.min(end, ip + u16(f, ip + 2));
        int tcp = ip + (f[ip] & 0x0f) * 4;
        int data = tcp + ((f[tcp + 12] & 0xf0) >> 4) * 4;
        if (data >= ipEnd) {
            return;
        }
        String key = addr(f, ip + 12) + ":" + u16(f, tcp) + " > " + addr(f, ip + 16) + ":" + u16(f, tcp + 2);
        flows.computeIfAbsent(key, k -> new ByteArrayOutputStream()).write(f, data, ipEnd - data);
    }

    boolean contains(String marker) {
        byte[] needle = marker.getBytes(StandardCharsets.UTF_8);
        return streams.values().stream().anyMatch(s -> indexOf(s, needle) >= 0);
    }

    /** Streams whose direction key ends with {@code "> ip:port"}: what clients sent to that socket. */
    List<byte[]> sentTo(String ip, int port) {
        List<byte[]> out = new ArrayList<>();
        streams.forEach((k, v) -> {
            if (k.endsWith("> " + ip + ":" + port)) {
                out.add(v);
            }
        });
        return out;
    }

    /** Starts with a TLS handshake record (content type 22, version 3.x): a ClientHello's first bytes. */
    static boolean startsWithTlsHandshake(byte[] stream) {
        return stream.length > 5 && stream[0] == 0x16 && stream[1] == 0x03;
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static int u16(byte[] f, int at) {
        return ((f[at] & 0xff) << 8) | (f[at + 1] & 0xff);
    }

    private static String addr(byte[] f, int at) {
        return (f[at] & 0xff) + "." + (f[at + 1] & 0xff) + "." + (f[at + 2] & 0xff) + "." + (f[at + 3] & 0xff);
    }
}
