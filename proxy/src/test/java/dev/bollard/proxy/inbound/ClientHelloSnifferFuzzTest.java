package dev.bollard.proxy.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.bollard.proxy.inbound.ClientHelloSniffer.Verdict;
/**
 * The first bytes of an inbound connection, as an attacker would send them (seeds in
 * {@code ClientHelloSnifferFuzzTestInputs/}: openssl ClientHellos with and without the mesh
 * ALPN, one split over two records, and plaintext HTTP/1.1 and HTTP/2 openings). The sniffer
 * never throws and never consumes; a prefix of the bytes either needs more or already gives the
 * verdict of the whole; a server name, when found, is printable ASCII.
 */
class ClientHelloSnifferFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void anyFirstBytesGetAVerdictWithoutAnException(byte[] input) {
        Verdict whole = sniff(input);
        assertEquals(whole, sniff(input), "the verdict is a function of the bytes");
        for (int cut : new int[] {1, 5, 9, input.length / 2, input.length - 1}) {
            if (cut > 0 && cut < input.length) {
                Verdict prefix = sniff(java.util.Arrays.copyOf(input, cut));
                assertTrue(prefix == Verdict.NEED_MORE || prefix == whole,
                        () -> "the first " + cut + " bytes say " + prefix + ", all " + input.length + " say " + whole);
            }
        }
        Optional<String> name = serverName(input);
        name.ifPresent(n -> assertTrue(n.chars().allMatch(c -> c > 0x20 && c < 0x7f), () -> "server name " + n));
    }

    private static Verdict sniff(byte[] bytes) {
        return ClientHelloSnifferTest.sniff(bytes); // asserts that nothing was consumed
    }

    private static Optional<String> serverName(byte[] bytes) {
        return ClientHelloServerNameTest.serverName(bytes);
    }
}
