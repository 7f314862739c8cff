package dev.bollard.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The packaged webhook as `make run` starts it ({@code bin/bollard dev}), on a free port with its
 * own development directory, and an HTTPS client that trusts only that run's dev CA.
 */
public final class WebhookProcess implements AutoCloseable {
    private final Process process;
    private final Path devDir;
    private final Path log;
    private final URI base;
    private final HttpClient client;

    private WebhookProcess(Process process, Path devDir, Path log, URI base) {
        this.process = process;
        this.devDir = devDir;
        this.log = log;
        this.base = base;
        this.client = HttpClient.newBuilder().sslContext(trusting(devDir.resolve("root-cert.pem")))
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    public static WebhookProcess start() {
        return start(Map.of());
    }

    /** As {@link #start()}, with {@code env} added to the launcher's environment (e.g. JSON logs on). */
    public static WebhookProcess start(Map<String, String> env) {
        try {
            Path devDir = Files.createTempDirectory("bollard-dev");
            Path log = devDir.resolve("webhook.log");
            int port = freePort();
            ProcessBuilder builder = new ProcessBuilder(Repo.bin("bollard").toString(), "dev")
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("BOLLARD_PORT", Integer.toString(port));
            builder.environment().put("BOLLARD_HOST", "127.0.0.1");
            builder.environment().put("BOLLARD_DEV_DIR", devDir.toString());
            builder.environment().putAll(env);
            Process process = builder.start();
            return waitUntilReady(process, devDir, log, URI.create("https://127.0.0.1:" + port));
        } catch (IOException e) {
            throw new UncheckedIOException("start bin/bollard dev", e);
        }
    }

    public Path devDir() {
        return devDir;
    }

    public URI base() {
        return base;
    }

    /** The server JVM's pid (the launcher execs java), for jcmd. */
    public long pid() {
        return process.pid();
    }

    /** A client builder that trusts only this run's dev CA, as the client {@link #send} uses does. */
    public HttpClient.Builder clientBuilder() {
        return HttpClient.newBuilder().sslContext(trusting(devDir.resolve("root-cert.pem")));
    }

    public HttpResponse<String> post(String path, String body) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET().build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM, as the kubelet sends it; returns at once. */
    public void terminate() {
        process.destroy();
    }

    /** Whether the process has exited within {@code timeout}. */
    public boolean awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static WebhookProcess waitUntilReady(Process process, Path devDir, Path log, URI base) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        WebhookProcess webhook = null;
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("bin/bollard dev exited with " + process.exitValue() + ":\n" + read(log));
            }
            if (webhook == null && Files.exists(devDir.resolve("root-cert.pem"))) {
                webhook = new WebhookProcess(process, devDir, log, base);
            }
            if (webhook != null && webhook.ready()) {
                return webhook;
            }
            sleep();
        }
        process.destroyForcibly();
        throw new AssertionError("bin/bollard dev not ready within 120 s:\n" + read(log));
    }

    private boolean ready() {
        try {
            return client.send(HttpRequest.newBuilder(base.resolve("/q/health/ready")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static SSLContext trusting(Path rootPem) {
        try (InputStream in = Files.newInputStream(rootPem)) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("root-" + i++, cert);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("trust store from " + rootPem, e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
