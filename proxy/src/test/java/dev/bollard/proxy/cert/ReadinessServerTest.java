package dev.bollard.proxy.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.bollard.identity.Pem;
import dev.bollard.proxy.health.ReadinessServer;

class ReadinessServerTest {
    @TempDir
    Path tmp;
    FakeCa ca;
    TestClock clock;
    CertificateFiles files;
    ReadinessServer server;
    HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        ca = new FakeCa(tmp.resolve("ca"), false);
        clock = new TestClock(Instant.now());
        files = new CertificateFiles(tmp.resolve("out"));
        server = ReadinessServer.start(new InetSocketAddress("127.0.0.1", 0), () -> files.problem(clock.instant()));
    }

    @AfterEach
    void stop() {
        server.close();
        ca.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void writeCertificate(Duration validity) throws Exception {
        KeyPair key = FakeCa.newKey();
        files.write(new Credentials(key.getPrivate(),
                List.of(FakeCa.leaf(key.getPublic(), validity, ca.root(), ca.rootKey())), ca.root()));
    }

    @Test
    void notReadyBeforeAnyCertificateIsWritten() throws Exception {
        HttpResponse<String> response = get(ReadinessServer.READY_PATH);

        assertEquals(503, response.statusCode());
        assertTrue(response.body().contains("cert-chain.pem does not exist yet"), response.body());
    }

    @Test
    void readyWhileTheCertificateIsValid() throws Exception {
        writeCertificate(Duration.ofMinutes(10));

        HttpResponse<String> response = get(ReadinessServer.READY_PATH);

        assertEquals(200, response.statusCode(), response.body());
    }

    @Test
    void notReadyOnceTheCertificateHasExpired() throws Exception {
        writeCertificate(Duration.ofMinutes(10));
        clock.advance(Duration.ofMinutes(11));

        HttpResponse<String> response = get(ReadinessServer.READY_PATH);

        assertEquals(503, response.statusCode());
        assertTrue(response.body().contains("certificate expired at"), response.body());
    }

    @Test
    void notReadyWhenTheKeyDoesNotMatchTheCertificate() throws Exception {
        writeCertificate(Duration.ofMinutes(10));
        Files.writeString(files.dir().resolve(CertificateFiles.KEY), Pem.encode(FakeCa.newKey().getPrivate()));

        HttpResponse<String> response = get(ReadinessServer.READY_PATH);

        assertEquals(503, response.statusCode());
        assertTrue(response.body().contains("key.pem does not match the leaf of cert-chain.pem"), response.body());
    }

    @Test
    void servesOnlyTheReadinessPath() throws Exception {
        assertEquals(404, get("/healthz/readyz").statusCode());
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + ReadinessServer.READY_PATH))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
    }

    @Test
    void reportsAPortThatIsTaken() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(java.io.UncheckedIOException.class, () -> ReadinessServer.start(
                new InetSocketAddress("127.0.0.1", server.port()), Optional::empty));
        assertTrue(e.getMessage().startsWith("bind readiness endpoint"), e.getMessage());
    }
}
