package dev.bollard.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pcap reader the mesh proof judges the wire with, on hand-built frames (runs without root). */
class PcapTest {
    @Test
    void joinsTcpPayloadsPerDirectionAndSkipsEmptySegments() {
        byte[] file = pcap(
                frame(new int[] {10, 250, 0, 2}, 41234, new int[] {10, 250, 0, 3}, 8080, new byte[0]),
                frame(new int[] {10, 250, 0, 2}, 41234, new int[] {10, 250, 0, 3}, 8080, new byte[] {0x16, 0x03, 0x01, 0, 5}),
                frame(new int[] {10, 250, 0, 2}, 41234, new int[] {10, 250, 0, 3}, 8080, "mark".getBytes(StandardCharsets.UTF_8)),
                frame(new int[] {10, 250, 0, 3}, 8080, new int[] {10, 250, 0, 2}, 41234, "er".getBytes(StandardCharsets.UTF_8)));
        Pcap pcap = Pcap.parse(file);
        assertEquals(List.of("10.250.0.2:41234 > 10.250.0.3:8080", "10.250.0.3:8080 > 10.250.0.2:41234"),
                List.copyOf(pcap.streams().keySet()));
        List<byte[]> toB = pcap.sentTo("10.250.0.3", 8080);
        assertEquals(1, toB.size());
        assertArrayEquals(new byte[] {0x16, 0x03, 0x01, 0, 5, 'm', 'a', 'r', 'k'}, toB.get(0));
        assertTrue(Pcap.startsWithTlsHandshake(toB.get(0)));
        assertTrue(pcap.contains("mark"));
        assertFalse(pcap.contains("marker"), "directions are not joined with each other");
    }

    private static byte[] frame(int[] src, int srcPort, int[] dst, int dstPort, byte[] payload) {
        ByteBuffer f = ByteBuffer.allocate(14 + 20 + 20 + payload.length);
        f.put(new byte[12]).putShort((short) 0x0800);
        f.put((byte) 0x45).put((byte) 0).putShort((short) (20 + 20 + payload.length)).putInt(0)
                .put((byte) 64).put((byte) 6).putShort((short) 0);
        for (int b : src) {
            f.put((byte) b);
        }
        for (int b : dst) {
            f.put((byte) b);
        }
        f.putShort((short) srcPort).putShort((short) dstPort).putInt(1).putInt(0).put((byte) 0x50).put((byte) 0x18)
                .putShort((short) 512).putInt(0);
        return f.put(payload).array();
    }

    /** A little-endian classic pcap (what tcpdump writes on x86), link type Ethernet. */
    private static byte[] pcap(byte[]... frames) {
        int size = 24;
        for (byte[] frame : frames) {
            size += 16 + frame.length;
        }
        ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262144).putInt(1);
        for (byte[] frame : frames) {
            out.putInt(0).putInt(0).putInt(frame.length).putInt(frame.length).put(frame);
        }
        return out.array();
    }
}
