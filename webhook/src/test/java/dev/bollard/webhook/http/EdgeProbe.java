package dev.bollard.webhook.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.bollard.webhook.testing.RawHttps;

/**
 * Asks each endpoint of the serving edge once per round over one warm connection and records
 * how long the answer took: what an API server, a proxy or the kubelet would see while an attack runs.
 */
final class EdgeProbe {
    /** A pod review from the admission fixtures: /inject patches it, /validate allows it. */
    static final Path REVIEW = Path.of("src/test/resources/admission/inject-enabled-request.json");

    record Answer(String endpoint, int status, long millis) {
    }

    private final URI base;
    private final HttpClient client;
    private final String review;

    EdgeProbe(URI base, HttpClient.Version version) throws Exception {
        this.base = base;
        this.client = HttpClient.newBuilder().sslContext(RawHttps.trustingContext()).version(version)
                .connectTimeout(Duration.ofSeconds(30)).build();
        this.review = Files.readString(REVIEW);
    }

    /** One answer from each of /inject, /validate, /v1/certificates (no token: 401) and readiness. */
    List<Answer> round() throws Exception {
        List<Answer> answers = new ArrayList<>();
        answers.add(post("/inject", review));
        answers.add(post("/validate", review));
        answers.add(post("/v1/certificates", "{\"csr\":\"x\"}"));
        answers.add(get("/q/health/ready"));
        return answers;
    }

    Answer post(String path, String body) throws Exception {
        return time(path, HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Answer get(String path) throws Exception {
        return time(path, HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private Answer time(String path, HttpRequest.Builder request) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = send(request);
        return new Answer(path, response.statusCode(), (System.nanoTime() - start) / 1_000_000);
    }
}
