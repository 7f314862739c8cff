package dev.bollard.iptables;

import dev.bollard.golden.Golden;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The restore text for each config is compared with golden/NAME.golden. Run with
 * -Dgolden.update=true (make update-golden) to rewrite them, then review the diff.
 */
class GoldenRulesTest {
    private static final Golden GOLDEN = Golden.in(Path.of("src/test/resources/golden"), ".golden");

    static Stream<Arguments> cases() {
        String twentyPorts = IntStream.rangeClosed(8001, 8020).mapToObj(Integer::toString)
                .collect(Collectors.joining(","));
        return Stream.of(
                Arguments.of("defaults", new String[] {}),
                Arguments.of("inbound-ports-include", new String[] {"-b", "32000,31000"}),
                Arguments.of("inbound-ports-empty", new String[] {"--include-inbound-ports="}),
                Arguments.of("inbound-ports-exclude", new String[] {"-d", "8080,9000-9100"}),
                Arguments.of("inbound-ports-split", new String[] {"-b", twentyPorts}),
                Arguments.of("outbound-ip-ranges-include", new String[] {"-i", "10.0.0.0/8,172.16.0.0/12"}),
                Arguments.of("outbound-ip-ranges-empty", new String[] {"-i", ""}),
                Arguments.of("outbound-ip-ranges-exclude", new String[] {"-x", "10.96.0.0/12,169.254.169.254/32"}),
                Arguments.of("outbound-ports-exclude", new String[] {"-o", "22,3306,5000-5010"}),
                Arguments.of("outbound-ports-exclude-split", new String[] {"-o", "1-2,3-4,5-6,7-8,9-10,11-12,13-14,15-16"}),
                Arguments.of("outbound-ports-include", new String[] {"-q", "80,443", "-i", ""}),
                Arguments.of("exclude-interfaces", new String[] {"-c", "eth1,veth+"}),
                Arguments.of("kube-virt-interfaces", new String[] {"-k", "net1,net2"}),
                Arguments.of("kube-virt-interfaces-ranges", new String[] {"--kube-virt-interfaces=net1", "-i", "10.0.0.0/8"}),
                Arguments.of("custom-ids-and-ports", new String[] {"-p", "15101", "-z", "15106", "-u", "2000", "-g", "3000"}),
                Arguments.of("loopback-included", new String[] {"-i", "127.0.0.1/32,10.0.0.0/8"}),
                Arguments.of("capture-dns", new String[] {"--capture-dns"}),
                Arguments.of("ipv6", new String[] {"--ipv6", "-x", "10.0.0.0/8,fd00::/8"}),
                Arguments.of("ipv6-dns-mixed-ranges", new String[] {"--ipv6", "--capture-dns", "-i", "10.0.0.0/8,2001:db8::/32"}),
                Arguments.of("injection-template-args", new String[] {"--outbound-capture-port=15001",
                    "--inbound-capture-port=15006", "--proxy-uid=1337", "--proxy-gid=1337",
                    "--include-inbound-ports=*", "--exclude-inbound-ports=15090,15021,15020",
                    "--include-outbound-ip-ranges=*", "--exclude-outbound-ip-ranges=", "--exclude-outbound-ports="}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rendersGoldenRestoreText(String name, String[] args) {
        String actual = CapturePlan.text(CaptureFlags.parse(args));
        GOLDEN.assertMatches(name + ".golden", actual);
    }

    @AfterAll
    static void everyGoldenFileHasACase() {
        GOLDEN.assertAllUsed();
    }
}
