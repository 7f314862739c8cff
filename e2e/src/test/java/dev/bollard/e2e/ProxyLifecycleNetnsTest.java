package dev.bollard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code bin/bollard proxy} in a pod's life, as a real process behind real capture rules: SIGTERM
 * (what kubelet sends) turns b unready at once, a new connection to b fails at once instead of
 * hanging, a connection open before the signal and b's own outbound calls go on, and the proxy
 * exits 0 once the drain is over; {@code POST /quitquitquit} from q's own app ends q's proxy at
 * once, while from another pod it is refused (403). Needs root; skipped, loudly, otherwise.
 */
class ProxyLifecycleNetnsTest {
    private static final String NS = "demo";
    private static final Duration DRAIN = Duration.ofSeconds(6);

    @RegisterExtension
    static final NetnsFixture<MeshNetwork> MESH = NetnsFixture.mesh(
            MeshPod.Spec.meshed(NS, "a-0", "a"),
            MeshPod.Spec.meshed(NS, "b-0", "b").drain(DRAIN.toSeconds() + "s"),
            MeshPod.Spec.meshed(NS, "q-0", "q").drain("60s"),
            MeshPod.Spec.legacy("legacy", "legacy-0"));

    private final MeshPod a = MESH.network().pod("a-0");
    private final MeshPod b = MESH.network().pod("b-0");
    private final MeshPod q = MESH.network().pod("q-0");
    private final MeshPod legacy = MESH.network().pod("legacy-0");

    @Test
    void sigtermDrainsInboundKeepsOutboundAndExitsZeroAfterTheDrain() throws Exception {
        assertEquals("hello from b-0 path=/before", a.curl("http://" + b.ip + ":" + MeshPod.HTTP_PORT + "/before").stdout().strip());
        CompletableFuture<Processes.Result> longLived = CompletableFuture.supplyAsync(
                () -> a.python(30, MeshNetnsTest.LONG_LIVED_CLIENT, b.ip, Integer.toString(MeshPod.ECHO_PORT), "4"));
        Thread.sleep(1500); // the long-lived connection is open through both proxies
        Process proxy = b.proxyProcess().orElseThrow();
        Instant signalled = Instant.now();

        proxy.destroy(); // SIGTERM

        assertFalse(b.proxyReady(), "unready at once:\n" + b.proxyLog());
        Instant asked = Instant.now();
        Processes.Result refused = a.curl("-m", "5", "http://" + b.ip + ":" + MeshPod.HTTP_PORT + "/after-sigterm");
        long refusedInMs = Duration.between(asked, Instant.now()).toMillis();
        assertNotEquals(0, refused.exitCode(), "a new connection to the draining pod: " + refused.stdout());
        assertTrue(refusedInMs < 3000, "refused at once, not after a timeout: " + refusedInMs + " ms, " + refused.stderr());
        Processes.Result out = b.curl("http://" + a.ip + ":" + MeshPod.HTTP_PORT + "/from-draining-b");
        assertEquals("hello from a-0 path=/from-draining-b", out.stdout().strip(), "outbound during the drain: " + out.stderr());
        Processes.Result open = longLived.get(30, TimeUnit.SECONDS);
        assertTrue(open.stdout().startsWith("OK "), "the connection open before SIGTERM went on: " + open.stdout() + open.stderr());

        assertTrue(proxy.waitFor(DRAIN.toSeconds() + 10, TimeUnit.SECONDS), "the proxy outlived its drain:\n" + b.proxyLog());
        long exitedAfterMs = Duration.between(signalled, Instant.now()).toMillis();
        assertEquals(0, proxy.exitValue(), b.proxyLog());
        assertTrue(exitedAfterMs >= DRAIN.toMillis() - 500, "exited " + exitedAfterMs + " ms after SIGTERM, before the drain was over");
        assertTrue(b.proxyLog().contains("draining: inbound refuses new connections"), b.proxyLog());
    }

    @Test
    void quitquitquitFromThePodsOwnAppEndsItsProxyAtOnceButNotFromAnotherPod() throws Exception {
        Process proxy = q.proxyProcess().orElseThrow();
        // from a pod without a sidecar: 15020 is not captured, so q sees the caller's own address
        Processes.Result remote = legacy.curl("-X", "POST", "-w", " %{http_code}", "http://" + q.ip + ":15020/quitquitquit");
        assertTrue(remote.stdout().strip().endsWith(" 403"), "from another pod: " + remote.stdout() + remote.stderr());
        Processes.Result get = q.curl("-w", " %{http_code}", "http://127.0.0.1:15020/quitquitquit");
        assertTrue(get.stdout().strip().endsWith(" 405"), get.stdout() + get.stderr());
        assertTrue(proxy.isAlive());
        Instant asked = Instant.now();

        Processes.Result quit = q.curl("-X", "POST", "-w", " %{http_code}", "http://127.0.0.1:15020/quitquitquit");

        assertTrue(quit.stdout().strip().endsWith(" 200"), quit.stdout() + quit.stderr());
        assertTrue(proxy.waitFor(5, TimeUnit.SECONDS), "/quitquitquit did not end the proxy:\n" + q.proxyLog());
        assertEquals(0, proxy.exitValue(), q.proxyLog());
        assertTrue(Duration.between(asked, Instant.now()).toSeconds() < 5, "at once, not after the 60 s drain");
    }
}
