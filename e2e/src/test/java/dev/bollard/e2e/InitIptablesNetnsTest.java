package dev.bollard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.bollard.golden.Golden;

/**
 * bin/init-iptables against the real kernel. Two namespaces joined by a veth pair: "pod" (the
 * meshed pod, 10.248.0.2) and "remote" (10.248.0.1, and 10.249.0.1 on its loopback for the
 * excluded range). Listeners say which socket answered, so every capture claim is checked with a
 * real TCP connection. Needs root; skipped, loudly, where namespaces cannot be created.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InitIptablesNetnsTest {
    private static final String POD_IP = PodNetwork.POD_IP;
    private static final String REMOTE_IP = PodNetwork.REMOTE_IP;
    private static final String EXCLUDED_REMOTE_IP = "10.249.0.1";
    private static final long APP = 1001;
    private static final long PROXY = 1337;
    private static final int APP_PORT = 8080;
    private static final int EXCLUDED_INBOUND_PORT = 7070;
    private static final int EXCLUDED_OUTBOUND_PORT = 9999;
    private static final String[] CAPTURE_ARGS = {
        "--outbound-capture-port=15001", "--inbound-capture-port=15006", "--proxy-uid=1337", "--proxy-gid=1337",
        "--include-inbound-ports=*", "--exclude-inbound-ports=" + EXCLUDED_INBOUND_PORT,
        "--include-outbound-ip-ranges=*", "--exclude-outbound-ip-ranges=10.249.0.0/24",
        "--exclude-outbound-ports=" + EXCLUDED_OUTBOUND_PORT};

    @RegisterExtension
    static final NetnsFixture<PodNetwork> NAMESPACES = NetnsFixture.pod("v4", null);

    private PodNetwork net;
    private SocketProbe sockets;
    private Netns pod;
    private Netns remote;
    private String startState;

    @BeforeAll
    void startListeners() throws IOException {
        net = NAMESPACES.network();
        sockets = net.sockets;
        pod = net.pod;
        remote = net.remote;
        pod.ok("ip", "route", "add", "10.249.0.0/24", "via", REMOTE_IP);
        remote.ok("ip", "addr", "add", EXCLUDED_REMOTE_IP + "/32", "dev", "lo");
        // the proxy's two capture ports, and the app's own ports (8080 for the app, 7070 and 15021 excluded)
        sockets.listen(pod, "proxy", 15001, 15006);
        sockets.listen(pod, "app", APP_PORT, EXCLUDED_INBOUND_PORT, 15021);
        sockets.listen(remote, "remote", APP_PORT, EXCLUDED_OUTBOUND_PORT);
        startState = pod.ok("iptables-save");
        assertEquals("remote:8080 orig=10.248.0.1:8080", sockets.connect(pod, APP, APP, REMOTE_IP, APP_PORT),
                "before capture the app reaches the remote directly");
    }

    @Test
    @Order(1)
    void everyGoldenFileLoadsIntoTheKernelAndReadsBackUnchanged() throws IOException {
        List<Path> goldens;
        try (Stream<Path> files = Files.list(Repo.root().resolve("init-iptables/src/test/resources/golden"))) {
            goldens = files.filter(p -> p.toString().endsWith(".golden")).sorted().toList();
        }
        assertTrue(goldens.size() >= 12, "golden files: " + goldens);
        for (Path golden : goldens) {
            String[] sections = Files.readString(golden).split("(?m)^(?=# ip6tables-restore)");
            try (Netns scratch = net.scratch("v4-golden")) {
                for (String section : sections) {
                    String tool = section.startsWith("# ip6tables") ? "ip6tables" : "iptables";
                    scratch.okWithInput(section, tool + "-restore", "--noflush");
                    assertEquals(IptablesSaveText.ownLines(section),
                            IptablesSaveText.ownLines(scratch.ok(tool + "-save")), golden + " (" + tool + ")");
                }
            }
        }
    }

    @Test
    @Order(2)
    void appliedRulesEqualTheGoldenIptablesSave() throws IOException {
        applyCaptureAndCheckGolden();
    }

    @Test
    @Order(3)
    void outboundFromTheAppLandsOnTheOutboundCapturePort() {
        assertEquals("proxy:15001 orig=10.248.0.1:8080", sockets.connect(pod, APP, APP, REMOTE_IP, APP_PORT));
    }

    @Test
    @Order(3)
    void outboundFromTheProxyUidIsNotRedirected() {
        assertEquals("remote:8080 orig=10.248.0.1:8080", sockets.connect(pod, PROXY, APP, REMOTE_IP, APP_PORT));
        assertEquals("remote:8080 orig=10.248.0.1:8080", sockets.connect(pod, APP, PROXY, REMOTE_IP, APP_PORT),
                "the proxy gid alone is enough");
    }

    @Test
    @Order(3)
    void inboundToAnAppPortLandsOnTheInboundCapturePort() {
        assertEquals("proxy:15006 orig=10.248.0.2:8080", sockets.connect(remote, APP, APP, POD_IP, APP_PORT));
    }

    @Test
    @Order(3)
    void inboundToExcludedPortsReachesTheAppDirectly() {
        assertEquals("app:7070 orig=10.248.0.2:7070",
                sockets.connect(remote, APP, APP, POD_IP, EXCLUDED_INBOUND_PORT));
        assertEquals("app:15021 orig=10.248.0.2:15021", sockets.connect(remote, APP, APP, POD_IP, 15021),
                "15021 is excluded by default");
    }

    @Test
    @Order(3)
    void excludedOutboundRangeAndPortAreHonoured() {
        assertEquals("remote:8080 orig=10.249.0.1:8080",
                sockets.connect(pod, APP, APP, EXCLUDED_REMOTE_IP, APP_PORT));
        assertEquals("remote:9999 orig=10.248.0.1:9999",
                sockets.connect(pod, APP, APP, REMOTE_IP, EXCLUDED_OUTBOUND_PORT));
    }

    @Test
    @Order(3)
    void loopbackIsHandledTheWayIstioDoes() {
        assertEquals("app:8080 orig=127.0.0.1:8080", sockets.connect(pod, APP, APP, "127.0.0.1", APP_PORT),
                "127.0.0.1 is never captured");
        assertEquals("app:8080 orig=10.248.0.2:8080", sockets.connect(pod, APP, APP, POD_IP, APP_PORT),
                "the app calling its own pod IP over lo is not captured");
        assertEquals("proxy:15006 orig=10.248.0.2:8080", sockets.connect(pod, PROXY, PROXY, POD_IP, APP_PORT),
                "the proxy calling the pod IP goes through the inbound side");
    }

    @Test
    @Order(4)
    void runningTwiceLeavesOneCopy() throws IOException {
        applyCaptureAndCheckGolden();
        assertEquals("proxy:15001 orig=10.248.0.1:8080", sockets.connect(pod, APP, APP, REMOTE_IP, APP_PORT));
    }

    @Test
    @Order(5)
    void failuresExitNonZeroWithAnActionableMessageAndChangeNothing() {
        try (Netns clean = net.scratch("v4-errors")) {
            String before = IptablesSaveText.normalise(clean.ok("iptables-save"));
            Processes.Result badCidr = InitIptablesCli.run(clean, "--exclude-outbound-ip-ranges=10.0.0.0/40");
            assertEquals(2, badCidr.exitCode());
            assertTrue(badCidr.stderr().contains("--exclude-outbound-ip-ranges: prefix length /40"), badCidr.stderr());
            Processes.Result noCaps = InitIptablesCli.run(clean, List.of("setpriv", "--bounding-set", "-net_admin,-net_raw"));
            assertEquals(1, noCaps.exitCode());
            assertTrue(noCaps.stderr().contains("init-iptables needs NET_ADMIN and NET_RAW"), noCaps.stderr());
            Processes.Result noBinary = InitIptablesCli.run(clean, List.of("env", "PATH=" + pathWithoutIptables()));
            assertEquals(1, noBinary.exitCode());
            assertTrue(noBinary.stderr().contains("iptables-save not found"), noBinary.stderr());
            assertEquals(before, IptablesSaveText.normalise(clean.ok("iptables-save")), "no partial ruleset");
        }
    }

    @Test
    @Order(6)
    void cleanupReturnsToTheStartingState() {
        Processes.Result run = initIptables("--cleanup");
        assertEquals(0, run.exitCode(), run.stderr());
        assertEquals(IptablesSaveText.normalise(startState), IptablesSaveText.normalise(pod.ok("iptables-save")));
        assertEquals("remote:8080 orig=10.248.0.1:8080", sockets.connect(pod, APP, APP, REMOTE_IP, APP_PORT));
        Processes.Result again = initIptables("--cleanup");
        assertEquals(0, again.exitCode(), "cleanup of a clean pod succeeds: " + again.stderr());
    }

    private void applyCaptureAndCheckGolden() throws IOException {
        Processes.Result run = initIptables(CAPTURE_ARGS);
        assertEquals(0, run.exitCode(), run.stderr());
        Golden golden = InitIptablesCli.golden("netns");
        golden.assertMatches("capture.iptables-save", IptablesSaveText.normalise(pod.ok("iptables-save")));
        golden.assertAllUsed();
    }

    private Processes.Result initIptables(String... args) {
        return InitIptablesCli.run(pod, args);
    }

    /** PATH with java and the shell tools but without the directories holding iptables. */
    private static String pathWithoutIptables() {
        List<String> dirs = new ArrayList<>();
        String java = ProcessHandle.current().info().command().map(c -> Path.of(c).getParent().toString()).orElse("");
        dirs.add(java);
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (!dir.isEmpty() && !Files.exists(Path.of(dir, "iptables-save"))) {
                dirs.add(dir);
            }
        }
        return String.join(":", dirs);
    }
}
