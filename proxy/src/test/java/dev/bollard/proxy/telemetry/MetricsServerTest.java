package dev.bollard.proxy.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MetricsServerTest {
    final AtomicInteger scrapes = new AtomicInteger();
    final MetricsServer server = MetricsServer.start(new InetSocketAddress("127.0.0.1", 0), () -> {
        if (scrapes.incrementAndGet() > 1) {
            throw new IllegalStateException("boom");
        }
        return "up 1\n";
    });
    final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answersAScrapeOnEnvoysPathInTheTextFormat() throws Exception {
        HttpResponse<String> response = send("GET", "/stats/prometheus");

        assertEquals(200, response.statusCode());
        assertEquals("up 1\n", response.body());
        assertEquals(Exposition.CONTENT_TYPE, response.headers().firstValue("Content-Type").orElse(""));
    }

    @Test
    void otherPathsAndMethodsAreRefusedWithAReason() throws Exception {
        HttpResponse<String> metrics = send("GET", "/metrics");
        assertEquals(404, metrics.statusCode());
        assertTrue(metrics.body().contains("/stats/prometheus"), metrics.body());
        assertEquals(405, send("POST", "/stats/prometheus").statusCode());
        assertEquals(0, scrapes.get());
    }

    @Test
    void aFailingScrapeIsA500WithTheReasonAndTheServerStaysUp() throws Exception {
        send("GET", "/stats/prometheus");
        HttpResponse<String> failed = send("GET", "/stats/prometheus");

        assertEquals(500, failed.statusCode());
        assertTrue(failed.body().contains("boom"), failed.body());
        assertEquals(404, send("GET", "/").statusCode());
    }
}
