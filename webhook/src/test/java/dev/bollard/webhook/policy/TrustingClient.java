package dev.bollard.webhook.policy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.bollard.webhook.testing.RawHttps;

/** A JDK HTTP client that trusts the test server's self-signed certificate, for bodies REST Assured cannot log. */
final class TrustingClient {
    private TrustingClient() {
    }

    static HttpResponse<String> post(URI uri, String body, Duration timeout) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(RawHttps.trustingContext()).connectTimeout(timeout).build();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
