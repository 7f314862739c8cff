package dev.bollard.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bollard.iptables.CaptureValueException.Problem;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Where init-iptables and the webhook used to disagree, the value rules are Istio's: its
 * injector validates the traffic annotations with {@code net.ParsePrefix} and
 * {@code strconv.ParseUint} over {@code strings.Split(value, ",")}, and istio-iptables hands
 * port lists (ranges included) to iptables as they are.
 */
class CaptureValuesTest {

    private static Problem problem(Runnable parse) {
        return assertThrows(CaptureValueException.class, parse::run).problem();
    }

    @Test
    void aBareAddressIsRefusedAsIstiosInjectorRefusesItNotReadAsAHost() {
        assertEquals(Problem.NO_PREFIX_LENGTH, problem(() -> CaptureValues.cidrs("10.0.0.1")));
        assertEquals(Problem.NO_PREFIX_LENGTH, problem(() -> CaptureValues.ipRanges("10.0.0.0/8,fd00::1")));
        assertEquals(List.of(Cidr.parse("10.0.0.1/32")), CaptureValues.cidrs("10.0.0.1/32"));
    }

    @Test
    void anAddressThatIsNoAddressIsNotANetworkWithoutAPrefix() {
        assertEquals(Problem.NOT_AN_ADDRESS, problem(() -> CaptureValues.cidrs("example.com")));
        assertEquals(Problem.NOT_AN_ADDRESS, problem(() -> CaptureValues.cidrs("*")));
        assertEquals(Problem.PREFIX_LENGTH_OUT_OF_RANGE, problem(() -> CaptureValues.cidrs("fd00::/129")));
        assertEquals(Problem.BAD_PREFIX_LENGTH, problem(() -> CaptureValues.cidrs("10.0.0.0/x")));
    }

    @Test
    void anEmptyEntryIsRefusedAsIstiosInjectorRefusesIt() {
        assertEquals(Problem.EMPTY_ENTRY, problem(() -> CaptureValues.ports("80,,90")));
        assertEquals(Problem.EMPTY_ENTRY, problem(() -> CaptureValues.ports("80,90,")));
        assertEquals(Problem.EMPTY_ENTRY, problem(() -> CaptureValues.cidrs("10.0.0.0/8,")));
        assertEquals(List.of(), CaptureValues.ports(" "));
    }

    @Test
    void blanksAroundEntriesAreIgnoredAsIstiosPortParserTrimsThem() {
        assertEquals(List.of(PortRange.of(80), PortRange.of(90)), CaptureValues.ports(" 80 , 90,80"));
        assertEquals("10.0.0.0/8,fd00::/8", ListValues.join(CaptureValues.cidrs("10.0.0.0/8, FD00::/8")));
    }

    @Test
    void portRangesAreKeptAsIstioIptablesPassesThemToIptables() {
        assertEquals("8000:8999,80", CaptureValues.portSelection("8000-8999,80").toString());
        assertEquals(Problem.REVERSED_PORT_RANGE, problem(() -> CaptureValues.ports("90-80")));
        assertEquals(Problem.PORT_OUT_OF_RANGE, problem(() -> CaptureValues.ports("0")));
        assertEquals(Problem.NOT_A_PORT, problem(() -> CaptureValues.ports("*")));
        assertEquals("80-x", assertThrows(CaptureValueException.class, () -> CaptureValues.ports("80-x")).item());
    }

    @Test
    void interfaceNamesFollowLinuxNotAStricterPattern() {
        assertEquals(List.of("_vm0", "veth+", "net1@if3"), CaptureValues.interfaces("_vm0,veth+,net1@if3"));
        assertEquals(Problem.NOT_AN_INTERFACE, problem(() -> CaptureValues.interfaces("eth0 --flush")));
        assertEquals(Problem.NOT_AN_INTERFACE, problem(() -> CaptureValues.interfaces("..")));
        assertEquals(Problem.NOT_AN_INTERFACE, problem(() -> CaptureValues.interfaces("a23456789012345x")));
    }
}
