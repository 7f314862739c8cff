package dev.bollard.proxy.cert;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.ssl.SslContext;

/**
 * One HTTP exchange with the CA: {@code POST /v1/certificates} with the token and the CSR, over TLS
 * that trusts only the mesh root ({@link HttpsExchange}: one connection per call, a call every few
 * hours). Turns every non-200 answer into a one-line {@link CaRequestException} that carries the
 * server's own message.
 */
final class CertificateClient {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** A chain is a few KB; anything near this is not a certificate answer. */
    static final int MAX_RESPONSE_BYTES = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Clock clock;
    private TrustBundle clientTrust;
    private SslContext tls;

    CertificateClient(Clock clock) {
        this.clock = clock;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RequestBody(String csr, Long validitySeconds) {
    }

    /** The answer as read: status, Retry-After, and the body up to {@link #MAX_RESPONSE_BYTES}. */
    private static final class Answer implements HttpsExchange.Listener {
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        volatile int status;
        volatile String retryAfter;
        volatile boolean tooLarge;

        @Override
        public void head(int status, HttpHeaders headers) {
            this.status = status;
            this.retryAfter = headers.get("Retry-After");
        }

        @Override
        public void body(byte[] content) {
            if (body.size() + content.length > MAX_RESPONSE_BYTES) {
                tooLarge = true;
                return;
            }
            body.write(content, 0, content.length);
        }
    }

    CaResponse request(URI endpoint, TrustBundle trust, String token, String csrPem, Optional<Duration> validity)
            throws CaRequestException {
        Answer answer = new Answer();
        HttpsExchange exchange = HttpsExchange.start(tls(trust), endpoint, HttpMethod.POST,
                Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json", "Accept", "application/json"),
                body(csrPem, validity).getBytes(StandardCharsets.UTF_8), CONNECT_TIMEOUT, answer);
        String text;
        try {
            exchange.done().get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (answer.tooLarge) {
                throw new IOException("response larger than " + MAX_RESPONSE_BYTES + " bytes");
            }
            text = answer.body.toString(StandardCharsets.UTF_8);
        } catch (IOException | ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw CaRequestException.unreachable("CA " + endpoint + " unreachable: " + describe(cause), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CaRequestException.unreachable("CA request to " + endpoint + " interrupted", e);
        } finally {
            exchange.cancel();
        }
        if (answer.status != 200) {
            throw failure(endpoint, answer, text);
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

    /** One context per trust bundle: building one parses the roots, and the bundle changes only on root rotation. */
    private synchronized SslContext tls(TrustBundle trust) {
        if (tls == null || !trust.equals(clientTrust)) {
            tls = trust.sslContext();
            clientTrust = trust;
        }
        return tls;
    }

    private CaRequestException failure(URI endpoint, Answer answer, String text) {
        int status = answer.status;
        Optional<Duration> retryAfter = RetryAfter.parse(answer.retryAfter, clock.instant());
        return new CaRequestException("CA " + endpoint + " answered " + status + ": " + errorText(text),
                status, retryAfter, null);
    }

    static String errorText(String body) {
        return ServerMessages.errorText(body);
    }

    /** TLS failures nest the reason (e.g. "PKIX path building failed") under a generic wrapper. */
    private static String describe(Throwable e) {
        if (e instanceof HttpsExchange.ConnectTimeoutException) {
            return "connect timed out after " + CONNECT_TIMEOUT.toSeconds() + " s";
        }
        if (e instanceof TimeoutException) {
            return "no answer within " + REQUEST_TIMEOUT.toSeconds() + " s";
        }
        if (e instanceof java.net.ConnectException) {
            // Netty's says "finishConnect(..) failed: Connection refused: /ip:port"; the JDK's said nothing
            return "cannot connect (connection refused or no route)";
        }
        return ServerMessages.causes(e);
    }

    static String oneLine(String text) {
        return ServerMessages.oneLine(text);
    }
}
