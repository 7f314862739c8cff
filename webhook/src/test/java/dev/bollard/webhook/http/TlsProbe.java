package dev.bollard.webhook.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import javax.net.ssl.SSLSocket;

import dev.bollard.webhook.testing.RawHttps;

/** What a client sees of the listener's TLS: the stack /q/metrics names, ALPN to h2, the protocol versions. */
final class TlsProbe {
    private TlsProbe() {
    }

    static void assertStackMetric(TlsStack stack) {
        given().relaxedHTTPSValidation().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("bollard_tls_stack_info{stack=\"" + stack.label() + "\"} 1.0"));
    }

    /** The API server and Istio's gRPC clients only speak h2, offered by ALPN. */
    static void assertHttp2(URI base) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(RawHttps.trustingContext())
                .version(HttpClient.Version.HTTP_2).connectTimeout(Duration.ofSeconds(30)).build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(base.resolve("/q/health/live"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertEquals(HttpClient.Version.HTTP_2, response.version());
    }

    /** TLS 1.2 and 1.3 both: older API servers and clients pinned to 1.2 must still connect. */
    static void assertHandshakes(URI base, String protocol) throws Exception {
        try (SSLSocket socket = (SSLSocket) RawHttps.trustingContext().getSocketFactory().createSocket(base.getHost(), base.getPort())) {
            socket.setEnabledProtocols(new String[] {protocol});
            socket.startHandshake();
            assertEquals(protocol, socket.getSession().getProtocol());
        }
    }
}
