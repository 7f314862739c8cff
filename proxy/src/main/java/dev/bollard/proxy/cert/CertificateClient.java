package dev.bollard.proxy.cert;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One HTTP exchange with the CA: {@code POST /v1/certificates} with the token and the CSR, over TLS
 * that trusts only the mesh root. Turns every non-200 answer into a one-line
 * {@link CaRequestException} that carries the server's own message.
 */
final class CertificateClient {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** A chain is a few KB; anything near this is not a certificate answer. */
    static final int MAX_RESPONSE_BYTES = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Clock clock;
    private TrustBundle clientTrust;
    private HttpClient client;

    CertificateClient(Clock clock) {
        this.clock = clock;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RequestBody(String csr, Long validitySeconds) {
    }

    CaResponse request(URI endpoint, TrustBundle trust, String token, String csrPem, Optional<Duration> validity)
            throws CaRequestException {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(csrPem, validity)))
                .build();
        HttpResponse<InputStream> response;
        String text;
        try {
            response = client(trust).send(request, HttpResponse.BodyHandlers.ofInputStream());
            text = readCapped(response.body());
        } catch (IOException e) {
            throw CaRequestException.unreachable("CA " + endpoint + " unreachable: " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CaRequestException.unreachable("CA request to " + endpoint + " interrupted", e);
        }
        if (response.statusCode() != 200) {
            throw failure(endpoint, response, text);
        }
        try {
            return JSON.readValue(text, CaResponse.class);
        } catch (JsonProcessingException e) {
            // a failed CaResponse check arrives wrapped; its own message says what was missing
            String why = e.getCause() instanceof IllegalArgumentException invalid ? invalid.getMessage() : e.getOriginalMessage();
            throw new CaRequestException("CA " + endpoint + " answered 200 with an unreadable body: "
                    + oneLine(why), 200, Optional.empty(), e);
        }
    }

    private static String body(String csrPem, Optional<Duration> validity) {
        try {
            return JSON.writeValueAsString(new RequestBody(csrPem, validity.map(Duration::toSeconds).orElse(null)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("encode certificate request", e);
        }
    }

    /** One client per trust bundle: HttpClient owns threads, and the bundle changes only on root rotation. */
    private synchronized HttpClient client(TrustBundle trust) {
        if (client == null || !trust.equals(clientTrust)) {
            client = HttpClient.newBuilder()
                    .sslContext(trust.sslContext())
                    .connectTimeout(CONNECT_TIMEOUT)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
            clientTrust = trust;
        }
        return client;
    }

    private CaRequestException failure(URI endpoint, HttpResponse<?> response, String text) {
        int status = response.statusCode();
        Optional<Duration> retryAfter = RetryAfter.parse(
                response.headers().firstValue("Retry-After").orElse(null), clock.instant());
        return new CaRequestException("CA " + endpoint + " answered " + status + ": " + errorText(text),
                status, retryAfter, null);
    }

    static String errorText(String body) {
        return ServerMessages.errorText(body);
    }

    private static String readCapped(InputStream in) throws IOException {
        try (in) {
            byte[] bytes = in.readNBytes(MAX_RESPONSE_BYTES + 1);
            if (bytes.length > MAX_RESPONSE_BYTES) {
                throw new IOException("response larger than " + MAX_RESPONSE_BYTES + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** TLS failures nest the reason (e.g. "PKIX path building failed") under a generic wrapper. */
    private static String describe(Throwable e) {
        if (e instanceof java.net.http.HttpConnectTimeoutException) {
            return "connect timed out after " + CONNECT_TIMEOUT.toSeconds() + " s";
        }
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "no answer within " + REQUEST_TIMEOUT.toSeconds() + " s";
        }
        if (e instanceof java.net.ConnectException && e.getMessage() == null) {
            return "cannot connect (connection refused or no route)";
        }
        return ServerMessages.causes(e);
    }

    static String oneLine(String text) {
        return ServerMessages.oneLine(text);
    }
}
