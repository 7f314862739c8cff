package dev.bollard.proxy.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** ipBlocks values as istiod's Go netip parses them. */
class CidrTest {
    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({
            "10.0.0.0/8,        10.255.1.2,   true",
            "10.0.0.0/8,        11.0.0.1,     false",
            "0.0.0.0/0,         192.0.2.1,    true",
            "0.0.0.0/0,         ::1,          false",
            "192.0.2.7,         192.0.2.7,    true",
            "192.0.2.7/32,      192.0.2.8,    false",
            "10.1.2.3/24,       10.1.2.200,   true",
            "fd00::/8,          fd12::1,      true",
            "fd00::/8,          fe80::1,      false",
            "::/0,              10.0.0.1,     false",
            "2001:db8::1,       2001:db8::1,  true",
            "2001:db8::/127,    2001:db8::1,  true",
            "2001:db8::/128,    2001:db8::1,  false",
            "::ffff:10.0.0.1,   10.0.0.1,     false",
    })
    void contains(String cidr, String address, boolean expected) throws UnknownHostException {
        assertEquals(expected, Cidr.parse(cidr).contains(InetAddress.getByName(address)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/", "10.0.0.0/08", "010.0.0.1", "10.0.0", "10.0.0.256",
            "fd00::/129", "fe80::1%eth0", "[fd00::1]", "localhost", "", "10.0.0.1/8/8", "1.2.3.4 "})
    void refuses(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cidr.parse(text));
        assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
    }
}
