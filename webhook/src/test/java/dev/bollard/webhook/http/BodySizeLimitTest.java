package dev.bollard.webhook.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocket;

import jakarta.inject.Inject;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.bollard.webhook.testing.RawHttps;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;

/**
 * A body over an endpoint's limit gets the JSON 413 at every size, announced or not, over
 * HTTP/1.1 and HTTP/2: never an empty 413, a connection reset or a stream reset without a status.
 */
@QuarkusTest
class BodySizeLimitTest {
    private static final Buffer CHUNK = Buffer.buffer("x".repeat(64 * 1024));

    @TestHTTPResource(value = "/", tls = true)
    URI base;

    @Inject
    Vertx vertx;

    @ParameterizedTest(name = "{0} {1} bytes, {2}, {3}")
    @CsvSource({
        "/inject,          3145729,   announced, HTTP/1.1",
        "/inject,          3145729,   chunked,   HTTP/1.1",
        "/inject,          8388609,   announced, HTTP/1.1",
        "/inject,          8388609,   chunked,   HTTP/1.1",
        "/validate,        104857600, announced, HTTP/1.1",
        "/validate,        104857600, chunked,   HTTP/1.1",
        "/inject,          3145729,   announced, HTTP/2",
        "/inject,          3145729,   chunked,   HTTP/2",
        "/inject,          8388609,   announced, HTTP/2",
        "/inject,          8388609,   chunked,   HTTP/2",
        "/validate,        104857600, announced, HTTP/2",
        "/validate,        104857600, chunked,   HTTP/2",
        "/v1/certificates, 65537,     announced, HTTP/1.1",
        "/v1/certificates, 65537,     chunked,   HTTP/1.1",
        "/v1/certificates, 104857600, announced, HTTP/2",
        "/v1/certificates, 104857600, chunked,   HTTP/2",
    })
    void tooLargeBodiesGetTheJson413(String path, long size, String framing, String protocol) throws Exception {
        boolean announced = framing.equals("announced");
        String answer = protocol.equals("HTTP/2") ? overHttp2(path, size, announced) : overHttp1(path, size, announced);
        assertTrue(answer.startsWith("413 "), answer);
        assertTrue(answer.contains("\"error\":\"payload_too_large\""), answer);
        assertTrue(answer.contains(path.equals("/v1/certificates") ? "64 KiB" : "3 MiB"), answer);
    }

    /** Sends the body (announced, or chunked) while reading the answer; returns "status body". */
    private String overHttp1(String path, long size, boolean announced) throws Exception {
        try (SSLSocket socket = (SSLSocket) RawHttps.trustingContext().getSocketFactory().createSocket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + (announced ? "Content-Length: " + size : "Transfer-Encoding: chunked") + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> send(out, size, announced));
            String response = new String(readResponse(socket.getInputStream()), StandardCharsets.UTF_8);
            sending.cancel(true);
            String status = response.substring("HTTP/1.1 ".length(), "HTTP/1.1 ".length() + 3);
            assertTrue(response.toLowerCase(Locale.ROOT).contains("connection: close"), response);
            return status + " " + response.substring(response.indexOf("\r\n\r\n") + 4);
        }
    }

    private static void send(OutputStream out, long size, boolean announced) {
        byte[] chunk = CHUNK.getBytes();
        byte[] chunkHeader = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        try {
            for (long sent = 0; sent < size; sent += chunk.length) {
                if (!announced) {
                    out.write(chunkHeader);
                }
                out.write(chunk, 0, (int) Math.min(chunk.length, size - sent));
                if (!announced) {
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
            }
            out.flush();
        } catch (IOException e) {
            // the server answered and closed: what it should do
        }
    }

    /** The response of an HTTP/1.1 server that closes the connection after it (Connection: close). */
    private static byte[] readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                response.write(buffer, 0, n);
            }
        } catch (IOException e) {
            if (response.size() == 0) {
                throw e;
            }
        }
        return response.toByteArray();
    }

    /** Streams the body over one HTTP/2 stream, pausing when the flow-control window is full. */
    private String overHttp2(String path, long size, boolean announced) throws Exception {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
                .setSsl(true).setUseAlpn(true).setTrustAll(true).setVerifyHost(false));
        try {
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(base.getHost())
                    .setPort(base.getPort()).setURI(path).putHeader("content-type", "application/json");
            Future<String> answer = client.request(options).compose(request -> {
                if (announced) {
                    request.putHeader("content-length", Long.toString(size));
                } else {
                    request.setChunked(true);
                }
                Future<String> response = request.response().compose(r -> r.body().map(body -> r.statusCode() + " " + body));
                pump(request, size, 0);
                return response;
            });
            return answer.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } finally {
            client.close();
        }
    }

    private static void pump(HttpClientRequest request, long size, long sent) {
        long at = sent;
        while (at < size && !request.writeQueueFull()) {
            int n = (int) Math.min(CHUNK.length(), size - at);
            request.write(n == CHUNK.length() ? CHUNK : CHUNK.getBuffer(0, n)).onFailure(e -> {
            });
            at += n;
        }
        if (at < size) {
            long next = at;
            request.drainHandler(ignored -> pump(request, size, next));
        }
    }
}
