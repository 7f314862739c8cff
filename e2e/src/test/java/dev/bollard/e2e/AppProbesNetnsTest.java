package dev.bollard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * kubelet's probes of a STRICT pod, rewritten by the injector to the proxy's 15020: the legacy pod
 * stands in for kubelet (plain text from outside the mesh). Its direct request to the app is refused
 * under STRICT, while {@code /app-health/...} on 15020 passes, because the proxy (uid 1337, never
 * captured) probes the app from inside the pod; a probe of a port nobody listens on fails with 500.
 * Needs root; skipped, loudly, otherwise.
 */
class AppProbesNetnsTest {
    private static final String NS = "probes";
    private static final String PROBERS = "{\"/app-health/web/livez\":{\"tcpSocket\":{\"port\":" + MeshPod.ECHO_PORT + "}},"
            + "\"/app-health/web/readyz\":{\"httpGet\":{\"path\":\"/ready\",\"port\":" + MeshPod.HTTP_PORT + "},\"timeoutSeconds\":2},"
            + "\"/app-health/web/startupz\":{\"httpGet\":{\"path\":\"/\",\"port\":7777}}}";

    @RegisterExtension
    static final NetnsFixture<MeshNetwork> MESH = NetnsFixture.mesh(
            MeshPod.Spec.meshed(NS, "web-0", "web").appProbers(PROBERS),
            MeshPod.Spec.legacy("legacy", "kubelet-0"));

    private final MeshPod web = MESH.network().pod("web-0");
    private final MeshPod kubelet = MESH.network().pod("kubelet-0");

    @BeforeAll
    static void strict() {
        MESH.network().peerAuthentication(MeshFiles.namespacePolicy(NS, "default", "STRICT"));
    }

    @Test
    void strictPodsRewrittenProbesPassThroughTheProxyWhileTheAppRefusesPlainText() {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (plainTextToTheApp().exitCode() == 0 && Instant.now().isBefore(deadline)) {
            MeshControlPlane.sleep(200);
        }
        assertNotEquals(0, plainTextToTheApp().exitCode(), "STRICT refuses kubelet's original probe");

        assertEquals("200", probe("/app-health/web/readyz"), web.appLog() + web.proxyLog());
        assertEquals("200", probe("/app-health/web/livez"), web.proxyLog());
        assertEquals("500", probe("/app-health/web/startupz"), "nothing listens on 7777");
        assertEquals("404", probe("/app-health/other/livez"));
    }

    private Processes.Result plainTextToTheApp() {
        return kubelet.curl("-m", "3", "http://" + web.ip + ":" + MeshPod.HTTP_PORT + "/ready");
    }

    private String probe(String path) {
        return kubelet.curl("-o", "/dev/null", "-w", "%{http_code}", "http://" + web.ip + ":15020" + path).stdout().strip();
    }
}
