package dev.bollard.proxy.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class OriginalDestinationTest {
    @Test
    void parsesSockaddrIn() {
        byte[] sin = {2, 0, 0x1f, (byte) 0x90, 10, (byte) 250, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0};
        assertEquals(Optional.of(new InetSocketAddress("10.250.0.3", 8080)), OriginalDestination.parse(sin));
    }

    @Test
    void parsesSockaddrIn6() {
        byte[] sin6 = new byte[28];
        sin6[0] = 10;
        sin6[2] = 0x00;
        sin6[3] = 0x50;
        sin6[8] = (byte) 0xfd;
        sin6[23] = 3;
        assertEquals(Optional.of(new InetSocketAddress("fd00::3", 80)), OriginalDestination.parse(sin6));
    }

    @Test
    void refusesWhatIsNotAnAddress() {
        assertEquals(Optional.empty(), OriginalDestination.parse(new byte[3]));
        assertEquals(Optional.empty(), OriginalDestination.parse(new byte[16])); // family 0
        assertEquals(Optional.empty(), OriginalDestination.parse(new byte[] {10, 0, 0, 80, 0, 0, 0, 0})); // AF_INET6, too short
    }

    @Test
    void theListenerItselfIsNoOriginalDestination() {
        InetSocketAddress local = new InetSocketAddress("10.250.0.3", 15001);
        assertTrue(OriginalDestination.isSelf(new InetSocketAddress("10.250.0.3", 15001), local));
        assertEquals(false, OriginalDestination.isSelf(new InetSocketAddress("10.250.0.3", 8080), local));
    }
}
