package dev.bollard.proxy.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.bollard.proxy.probe.AppProber;
import dev.bollard.proxy.probe.AppProbers;

/** 15020's app probe routes: kubelet asks the proxy, the proxy asks the app. */
class AgentServerTest {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @Test
    void servesTheAppProbesItWasGivenAndNothingElse() throws Exception {
        try (ServerSocket app = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            int closed = freePort();
            AppProbers probes = AppProbers.parse("{\"/app-health/web/readyz\":{\"tcpSocket\":{\"port\":" + app.getLocalPort() + "}},"
                    + "\"/app-health/web/livez\":{\"tcpSocket\":{\"port\":" + closed + "}}}");
            try (AgentServer agent = AgentServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    Optional::empty, () -> { }, probes, new AppProber())) {
                HttpResponse<String> ready = get(agent, "/app-health/web/readyz");
                assertEquals(200, ready.statusCode(), ready.body());
                assertTrue(ready.body().contains("\"ok\":true"), ready.body());

                assertEquals(500, get(agent, "/app-health/web/livez").statusCode());

                HttpResponse<String> unknown = get(agent, "/app-health/web/startupz");
                assertEquals(404, unknown.statusCode());
                assertTrue(unknown.body().contains("/app-health/web/livez, /app-health/web/readyz"), unknown.body());

                HttpResponse<String> post = CLIENT.send(HttpRequest.newBuilder(uri(agent, "/app-health/web/readyz"))
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(405, post.statusCode());
                assertEquals(200, get(agent, AgentServer.READY_PATH).statusCode(), "readiness still answers");
            }
        }
    }

    @Test
    void withoutProbesEveryProbePathIs404() throws Exception {
        try (AgentServer agent = AgentServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                Optional::empty, () -> { })) {
            HttpResponse<String> response = get(agent, "/app-lifecycle/web/prestopz");
            assertEquals(404, response.statusCode());
            assertTrue(response.body().contains("ISTIO_KUBE_APP_PROBERS has none"), response.body());
        }
    }

    private static HttpResponse<String> get(AgentServer agent, String path) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(uri(agent, path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(AgentServer agent, String path) {
        return URI.create("http://127.0.0.1:" + agent.port() + path);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
