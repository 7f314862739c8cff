package dev.bollard.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValuesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "10.1.2.3/8, 10.0.0.0/8",
        "10.1.2.3, 10.1.2.3/32",
        "0.0.0.0/0, 0.0.0.0/0",
        "FD00::1/8, fd00::/8",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1/128",
        "2001:db8:0:1:1:1:1:1/128, 2001:db8:0:1:1:1:1:1/128",
        "::1, ::1/128",
        "::/0, ::/0",
        "::ffff:0:0/96, ::ffff:0.0.0.0/96",
        "::ffff:10.1.2.3, ::ffff:10.1.2.3/128",
    })
    void writesCidrsTheWayIptablesSavePrintsThem(String input, String expected) {
        assertEquals(expected, Cidr.parse(input).toString());
    }

    @Test
    void knowsLoopbackAndFamily() {
        assertTrue(Cidr.parse("127.0.0.1/32").isLoopback());
        assertTrue(Cidr.parse("::1").isLoopback());
        assertFalse(Cidr.parse("10.0.0.1").isLoopback());
        assertTrue(Cidr.parse("fd00::/8").isIpv6());
    }

    @Test
    void rejectsHostNamesWithoutResolvingThem() {
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("localhost"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("1.2.3/8"));
    }

    @Test
    void parsesPortsAndRanges() {
        assertEquals(new PortRange(8000, 8999), PortRange.parse("8000-8999"));
        assertEquals(new PortRange(8000, 8999), PortRange.parse("8000:8999"));
        assertEquals("8000:8999", PortRange.parse("8000-8999").toString());
        assertEquals("80", PortRange.parse(" 80 ").toString());
    }

    @Test
    void splitsMultiportAtFifteenSlotsCountingRangesTwice() {
        List<PortRange> fifteen = ListValues.ports("1,2,3,4,5,6,7,8,9,10,11,12,13,14,15");
        assertEquals(List.of(fifteen), Multiport.chunks(fifteen));
        List<PortRange> sixteen = ListValues.ports("1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16");
        assertEquals(2, Multiport.chunks(sixteen).size());
        List<PortRange> ranges = ListValues.ports("1-2,3-4,5-6,7-8,9-10,11-12,13-14,15");
        assertEquals(List.of(ranges), Multiport.chunks(ranges));
        List<PortRange> overflow = ListValues.ports("1-2,3-4,5-6,7-8,9-10,11-12,13-14,15-16");
        assertEquals(List.of(overflow.subList(0, 7), overflow.subList(7, 8)), Multiport.chunks(overflow));
    }

    @Test
    void readsEffectiveCapabilities() {
        assertEquals(List.of(), Capabilities.missing("Name:\tjava\nCapEff:\t000001ffffffffff\n"));
        assertEquals(List.of("NET_ADMIN", "NET_RAW"), Capabilities.missing("CapEff:\t0000000000000000\n"));
        assertEquals(List.of("NET_RAW"), Capabilities.missing("CapEff:\t0000000000001000\n"));
    }
}
