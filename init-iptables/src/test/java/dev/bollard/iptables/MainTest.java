package dev.bollard.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MainTest {
    private static final String ALL_CAPS = "CapEff:\t000001ffffffffff\n";
    private final RecordingRestorer restorer = new RecordingRestorer();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private String procStatus = ALL_CAPS;

    private int run(String... args) {
        return new Main(restorer, () -> procStatus, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
    }

    @Test
    void dryRunPrintsTheRulesAndTouchesNothing() {
        assertEquals(0, run("--dry-run", "--ipv6"));
        assertEquals(List.of(), restorer.calls);
        assertEquals(CapturePlan.text(CaptureFlags.parse("--ipv6")), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void appliesEachFamilyInOneRestore() {
        assertEquals(0, run("--ipv6"));
        List<String> restores = restorer.restores();
        assertEquals(2, restores.size());
        assertTrue(restores.get(0).startsWith("restore V4\n*nat\n"));
        assertTrue(restores.get(1).startsWith("restore V6\n*nat\n"));
        assertTrue(restores.get(1).contains("-A ISTIO_OUTPUT -d ::1/128 -j RETURN"));
        assertEquals("add ::6/128", restorer.calls.get(0), "the passthrough source exists before any rule");
    }

    @Test
    void cleanupWithIpv6RemovesThePassthroughAddress() {
        assertEquals(0, run("--cleanup", "--ipv6"));
        assertEquals("del ::6/128", restorer.calls.get(restorer.calls.size() - 1));
    }

    @Test
    void reRunDeletesTheJumpsItFindsBeforeAddingThem() {
        restorer.saved.put(IpFamily.V4, "*nat\n:ISTIO_OUTPUT - [0:0]\n-A OUTPUT -j ISTIO_OUTPUT\nCOMMIT\n");
        assertEquals(0, run());
        String input = restorer.restores().get(0);
        assertTrue(input.indexOf("-D OUTPUT -j ISTIO_OUTPUT") < input.indexOf("-A OUTPUT -j ISTIO_OUTPUT"), input);
    }

    @Test
    void refusesWithoutNetAdminBeforeTouchingAnything() {
        procStatus = "CapEff:\t0000000000000000\n";
        assertEquals(1, run());
        assertEquals(List.of(), restorer.calls);
        assertTrue(err.toString(StandardCharsets.UTF_8)
                .contains("init-iptables needs NET_ADMIN and NET_RAW; missing NET_ADMIN, NET_RAW"), err.toString());
    }

    @Test
    void reportsRestoreFailureAndExitsNonZero() {
        restorer.failRestore.put(IpFamily.V4,
                ProcessRestorer.failure("iptables-restore", 4, "iptables-restore: line 3 failed"));
        assertEquals(1, run());
        assertTrue(err.toString(StandardCharsets.UTF_8)
                .contains("iptables-restore failed with exit code 4, nothing was changed"), err.toString());
    }

    @Test
    void rollsBackIpv4WhenIpv6Fails() {
        restorer.failRestore.put(IpFamily.V6, new IptablesException("ip6tables-restore failed"));
        // after the IPv4 restore, the fake still reports what the first call installed
        restorer.saved.put(IpFamily.V4, "*nat\n:ISTIO_OUTPUT - [0:0]\n-A OUTPUT -j ISTIO_OUTPUT\nCOMMIT\n");
        assertEquals(1, run("--ipv6"));
        List<String> restores = restorer.restores();
        assertEquals(3, restores.size());
        assertTrue(restores.get(2).startsWith("restore V4\n*nat\n-D OUTPUT -j ISTIO_OUTPUT\n-F ISTIO_OUTPUT\n"),
                restores.get(2));
    }

    @Test
    void cleanupRemovesWhatItFinds() {
        restorer.saved.put(IpFamily.V4, "*nat\n:ISTIO_OUTPUT - [0:0]\n-A OUTPUT -j ISTIO_OUTPUT\nCOMMIT\n");
        assertEquals(0, run("--cleanup"));
        assertEquals(List.of("restore V4\n*nat\n-D OUTPUT -j ISTIO_OUTPUT\n-F ISTIO_OUTPUT\n-X ISTIO_OUTPUT\nCOMMIT\n"),
                restorer.restores());
    }

    @Test
    void cleanupOfACleanHostRestoresNothing() {
        assertEquals(0, run("--cleanup"));
        assertEquals(List.of(), restorer.restores());
    }

    @Test
    void cleanupDryRunShowsTheRemovalOnly() {
        restorer.saved.put(IpFamily.V4, "*nat\n:ISTIO_OUTPUT - [0:0]\nCOMMIT\n");
        assertEquals(0, run("--cleanup", "--dry-run"));
        assertEquals(List.of(), restorer.restores());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("-X ISTIO_OUTPUT"));
    }

    @Test
    void malformedFlagExitsTwoNamingTheFlag() {
        assertEquals(2, run("--exclude-outbound-ip-ranges=10.0.0.0/99"));
        assertEquals(List.of(), restorer.calls);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--exclude-outbound-ip-ranges"), err.toString());
    }

    @Test
    void helpListsTheFlags() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("--include-outbound-ip-ranges"));
    }
}
