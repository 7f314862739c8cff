package dev.bollard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.bollard.golden.Golden;

/**
 * --ipv6 and --capture-dns against the real kernel: IPv6 TCP is captured like IPv4, DNS over UDP
 * from the app reaches the agent's DNS port 15053 and the answer comes back from the address the
 * app asked (conntrack zones and reverse NAT work), while the proxy's own queries reach the real
 * resolver. Dual-stack "pod" and "remote" namespaces joined by a veth pair.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InitIptablesIpv6DnsNetnsTest {
    private static final String REMOTE_IP = PodNetwork.REMOTE_IP;
    private static final String POD_IP6 = "fd00:248::2";
    private static final String REMOTE_IP6 = "fd00:248::1";
    private static final long APP = 1001;
    private static final long PROXY = 1337;
    private static final String[] ARGS = {"--ipv6", "--capture-dns", "--exclude-outbound-ip-ranges=fd00:249::/64"};

    @RegisterExtension
    static final NetnsFixture<PodNetwork> NAMESPACES = NetnsFixture.pod("v6", "fd00:248");

    private PodNetwork net;
    private SocketProbe sockets;
    private Netns pod;
    private String startState;

    @BeforeAll
    void startListeners() throws IOException {
        net = NAMESPACES.network();
        sockets = net.sockets;
        pod = net.pod;
        Netns remote = net.remote;
        sockets.listen(pod, PROXY, "tcp", "::", "proxy", 15001, 15006);
        // like istio-agent: on localhost, where REDIRECT delivers locally sent packets, so that
        // replies leave from the redirected address and conntrack can reverse the NAT
        sockets.listen(pod, PROXY, "udp", "127.0.0.1", "agent-dns", 15053);
        sockets.listen(remote, 0, "tcp", "::", "remote", 8080);
        sockets.listen(remote, 0, "udp", "0.0.0.0", "resolver", 53);
        startState = InitIptablesCli.savedRules(pod);
        assertEquals("resolver:53 from 10.248.0.1:53", sockets.send(pod, APP, APP, "udp", REMOTE_IP, 53));
    }

    @Test
    @Order(1)
    void appliedRulesOfBothFamiliesEqualTheGolden() throws IOException {
        Processes.Result run = InitIptablesCli.run(pod, ARGS);
        assertEquals(0, run.exitCode(), run.stderr());
        Golden golden = InitIptablesCli.golden("netns-ipv6-dns");
        golden.assertMatches("capture.iptables-save", InitIptablesCli.savedRules(pod));
        golden.assertAllUsed();
        assertTrue(pod.ok("ip", "-6", "addr", "show", "dev", "lo").contains("::6/128"),
                "the proxy's IPv6 passthrough source is on lo");
    }

    @Test
    @Order(2)
    void ipv6OutboundFromTheAppLandsOnTheOutboundCapturePort() {
        assertEquals("proxy:15001 orig=[fd00:248::1]:8080", sockets.connect(pod, APP, APP, REMOTE_IP6, 8080));
        assertEquals("remote:8080 orig=[fd00:248::1]:8080", sockets.connect(pod, PROXY, PROXY, REMOTE_IP6, 8080));
    }

    @Test
    @Order(2)
    void ipv6InboundLandsOnTheInboundCapturePort() {
        Netns remote = net.remote;
        assertEquals("proxy:15006 orig=[fd00:248::2]:8080", sockets.connect(remote, APP, APP, POD_IP6, 8080));
    }

    @Test
    @Order(2)
    void appDnsGoesToTheAgentAndTheAnswerComesFromTheResolverAddress() {
        assertEquals("agent-dns:15053 from 10.248.0.1:53", sockets.send(pod, APP, APP, "udp", REMOTE_IP, 53));
    }

    @Test
    @Order(2)
    void proxyDnsReachesTheRealResolver() {
        assertEquals("resolver:53 from 10.248.0.1:53", sockets.send(pod, PROXY, PROXY, "udp", REMOTE_IP, 53));
    }

    @Test
    @Order(3)
    void cleanupRemovesBothFamiliesAndThePassthroughAddress() {
        Processes.Result run = InitIptablesCli.run(pod, "--cleanup", "--ipv6");
        assertEquals(0, run.exitCode(), run.stderr());
        assertEquals(startState, InitIptablesCli.savedRules(pod));
        assertFalse(pod.ok("ip", "-6", "addr", "show", "dev", "lo").contains("::6/128"));
        assertEquals("resolver:53 from 10.248.0.1:53", sockets.send(pod, APP, APP, "udp", REMOTE_IP, 53));
    }
}
