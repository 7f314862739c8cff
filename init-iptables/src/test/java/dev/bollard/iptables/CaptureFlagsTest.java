package dev.bollard.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CaptureFlagsTest {

    @Test
    void defaultsCaptureEverythingLikeIstio() {
        CaptureConfig c = CaptureConfig.defaults();
        assertEquals(15001, c.outboundCapturePort());
        assertEquals(15006, c.inboundCapturePort());
        assertEquals(1337, c.proxyUid());
        assertEquals(1337, c.proxyGid());
        assertTrue(c.includeInboundPorts().all());
        assertTrue(c.includeOutboundIpRanges().all());
        assertEquals(CaptureConfig.ALWAYS_EXCLUDED_INBOUND, c.excludeInboundPorts());
        assertFalse(c.ipv6());
        assertFalse(c.captureDns());
    }

    @Test
    void parsesTheInjectionTemplateArgsWithEmptyValues() {
        CaptureConfig c = CaptureFlags.parse("--outbound-capture-port=15001", "--inbound-capture-port=15006",
                "--proxy-uid=1337", "--proxy-gid=1337", "--include-inbound-ports=*",
                "--exclude-inbound-ports=15090,15021,15020", "--include-outbound-ip-ranges=*",
                "--exclude-outbound-ip-ranges=", "--exclude-outbound-ports=");
        assertEquals(List.of(), c.excludeOutboundIpRanges());
        assertEquals(List.of(), c.excludeOutboundPorts());
        assertEquals(List.of(PortRange.of(15090), PortRange.of(15021), PortRange.of(15020)), c.excludeInboundPorts());
    }

    @Test
    void acceptsIstioShortNamesAndAliases() {
        CaptureConfig c = CaptureFlags.parse("-p", "16001", "-z", "16006", "-u", "7", "-g", "8", "-b", "80",
                "-d", "81", "-i", "10.0.0.0/8", "-x", "10.1.0.0/16", "-o", "22", "-q", "443", "-c", "eth1",
                "--ipv6", "--capture-dns");
        assertEquals(16001, c.outboundCapturePort());
        assertEquals(16006, c.inboundCapturePort());
        assertEquals(7, c.proxyUid());
        assertEquals(8, c.proxyGid());
        assertEquals("80", c.includeInboundPorts().toString());
        assertEquals(List.of(PortRange.of(81), PortRange.of(15020), PortRange.of(15021), PortRange.of(15090)),
                c.excludeInboundPorts());
        assertEquals("10.0.0.0/8", c.includeOutboundIpRanges().toString());
        assertEquals(List.of(Cidr.parse("10.1.0.0/16")), c.excludeOutboundIpRanges());
        assertEquals(List.of(PortRange.of(22)), c.excludeOutboundPorts());
        assertEquals(List.of(PortRange.of(443)), c.includeOutboundPorts());
        assertEquals(List.of("eth1"), c.excludeInterfaces());
        assertTrue(c.ipv6());
        assertTrue(c.captureDns());
        assertEquals(15555, CaptureFlags.parse("--envoy-port", "15555").outboundCapturePort());
        assertEquals("1,2", CaptureFlags.parse("--istio-inbound-ports=1,2").includeInboundPorts().toString());
    }

    @Test
    void emptyStringMeansEmptyList() {
        CaptureConfig c = CaptureFlags.parse("-b", "", "-i", "", "-c", "");
        assertTrue(c.includeInboundPorts().isEmpty());
        assertFalse(c.includeOutboundIpRanges().all());
        assertEquals(List.of(), c.includeOutboundIpRanges().cidrs());
        assertEquals(List.of(), c.excludeInterfaces());
    }

    @Test
    void booleanFlagsTakeAnOptionalValue() {
        assertFalse(CaptureFlags.parse("--ipv6=false").ipv6());
        assertTrue(CaptureFlags.parse("--ipv6=true", "--capture-dns").ipv6());
    }

    @Test
    void dropsDuplicatesAndKeepsOrder() {
        assertEquals("443,80", CaptureFlags.parse("-b", "443, 80,443").includeInboundPorts().toString());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "--outbound-capture-port | abc      | --outbound-capture-port: 'abc' is not a port number",
        "--inbound-capture-port  | 0        | --inbound-capture-port: port must be between 1 and 65535",
        "--outbound-capture-port | 80-90    | --outbound-capture-port: expected one port",
        "--proxy-uid             | -1       | --proxy-uid: '-1' is not a numeric id",
        "--proxy-gid             | 99999999999 | --proxy-gid:",
        "--include-inbound-ports | 80,,81   | --include-inbound-ports: empty entry",
        "--include-inbound-ports | 70000    | --include-inbound-ports: port must be between 1 and 65535, got 70000",
        "--exclude-inbound-ports | 90-80    | --exclude-inbound-ports: port range 90-80 ends before it starts",
        "--include-outbound-ip-ranges | 10.0.0.0/33 | --include-outbound-ip-ranges: prefix length /33 is out of range",
        "--include-outbound-ip-ranges | example.com | --include-outbound-ip-ranges: 'example.com' is not an IP address",
        "--exclude-outbound-ip-ranges | *       | --exclude-outbound-ip-ranges: '*' is not an IP address",
        "--exclude-outbound-ip-ranges | 300.1.1.1/8 | --exclude-outbound-ip-ranges: '300.1.1.1/8' is not an IP address",
        "--exclude-outbound-ports | 22;23   | --exclude-outbound-ports: '22;23' is not a port number",
        "--include-outbound-ports | x       | --include-outbound-ports: 'x' is not a port number",
        "--exclude-interfaces    | eth0/1   | --exclude-interfaces: 'eth0/1' is not a network interface name",
        "--exclude-outbound-ip-ranges | 10.0.0.1 | --exclude-outbound-ip-ranges: '10.0.0.1' has no prefix length (did you mean 10.0.0.1/32?)",
    })
    void rejectsMalformedValuesNamingTheFlag(String flag, String value, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CaptureFlags.parse(flag + "=" + value));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void rejectsUnknownFlagsNamingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CaptureFlags.parse("--no-such-flag"));
        assertTrue(e.getMessage().contains("--no-such-flag"), e.getMessage());
    }
}
