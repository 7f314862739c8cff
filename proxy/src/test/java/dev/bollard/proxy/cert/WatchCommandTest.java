package dev.bollard.proxy.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.bollard.identity.Pem;
import dev.bollard.proxy.health.ReadinessServer;

/**
 * The one test that waits in real time: {@code bollard cert watch} against the fake CA with
 * 20-second certificates, as the sidecar runs it. Everything else about timing is covered by
 * {@link CertificateWatcherTest} and {@link RenewalScheduleTest} with an injected clock.
 */
@Tag("slow") // waits out a 20 s certificate in real time; `make test` runs it, `make check` does not
class WatchCommandTest {
    @TempDir
    Path tmp;

    @Test
    void rotatesTwentySecondCertificatesAndReportsReadiness() throws Exception {
        try (FakeCa ca = new FakeCa(tmp.resolve("ca"), true)) {
            Path token = Files.writeString(tmp.resolve("token"), "token-1");
            Path out = tmp.resolve("out");
            int port = freePort();
            // the CA cannot check tokens at first: readiness must be observed 503 before 200
            ca.script.add(new FakeCa.Scripted(503, FakeCa.error("unavailable", "API server unreachable"),
                    Map.of("Retry-After", "2")));
            AtomicReference<CliRun> result = new AtomicReference<>();
            Thread watch = new Thread(() -> result.set(CliRun.of("cert", "watch", "--ca", ca.url().toString(),
                    "--token-file", token.toString(), "--root-cert", ca.rootCertFile().toString(),
                    "--out", out.toString(), "--validity", "20",
                    "--health-port", String.valueOf(port), "--health-address", "127.0.0.1")), "cert-watch");
            watch.start();
            try {
                assertEquals(503, awaitStatus(port, s -> s > 0, Duration.ofSeconds(10)));
                assertEquals(200, awaitStatus(port, s -> s == 200, Duration.ofSeconds(10)));
                String first = serial(out);
                assertVerifies(out);

                Instant issued = Instant.now();
                String second = await(() -> exists(out) ? serial(out) : first, s -> !s.equals(first), Duration.ofSeconds(30));
                Duration renewedAfter = Duration.between(issued, Instant.now());

                assertNotEquals(first, second);
                assertTrue(renewedAfter.compareTo(Duration.ofSeconds(20)) < 0, "renewed before expiry: " + renewedAfter);
                assertVerifies(out);
                assertEquals(200, status(port));
                assertEquals(List.of("Bearer token-1", "Bearer token-1", "Bearer token-1"),
                        ca.received.stream().map(FakeCa.Received::authorization).toList());
            } finally {
                watch.interrupt();
                watch.join(10_000);
            }
            assertEquals(0, result.get().exit(), result.get().err());
            String log = result.get().err();
            assertTrue(log.contains("answered 503: unavailable: API server unreachable; retrying in 2s"), log);
            assertTrue(log.contains("issued " + FakeCa.SPIFFE_ID), log);
        }
    }

    private static void assertVerifies(Path out) throws Exception {
        Openssl.Result verify = Openssl.verify(out);
        assertEquals(0, verify.exit(), verify.output());
        List<String> keys = Openssl.publicKeys(out);
        assertEquals(keys.get(0), keys.get(1), "key.pem matches the leaf");
    }

    private static boolean exists(Path out) {
        return Files.exists(out.resolve(CertificateFiles.CERT_CHAIN));
    }

    private static String serial(Path out) {
        try {
            return Pem.certificates(Files.readString(out.resolve(CertificateFiles.CERT_CHAIN)), "chain").get(0)
                    .getSerialNumber().toString(16);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int status(int port) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + ReadinessServer.READY_PATH)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static int awaitStatus(int port, java.util.function.IntPredicate done, Duration timeout) throws InterruptedException {
        return await(() -> status(port), done::test, timeout);
    }

    private static <T> T await(Supplier<T> probe, java.util.function.Predicate<T> done, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        T value = probe.get();
        while (!done.test(value)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("still " + value + " after " + timeout);
            }
            Thread.sleep(100);
            value = probe.get();
        }
        return value;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
