package dev.bollard.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/bollard dev} inside the router namespace, listening on the bridge address, with its
 * own development directory (CA, tokens.csv, mesh/). The test JVM lives in the host namespace and
 * cannot dial the bridge, so requests go through curl inside the router namespace.
 */
final class MeshControlPlane implements AutoCloseable {
    /** The host name pods use for the CA and the feed, as the injection template's CA_ADDR says. */
    static final String SERVICE_HOST = "bollard.bollard-system.svc";
    /** The Service port; the process binds it directly since it owns the router namespace. */
    static final int PORT = 443;

    private final Netns router;
    private final String address;
    private final Path devDir;
    private final Path log;
    private final Process process;

    private MeshControlPlane(Netns router, String address, Path devDir, Path log, Process process) {
        this.router = router;
        this.address = address;
        this.devDir = devDir;
        this.log = log;
        this.process = process;
    }

    /** Starts the process; {@link #awaitReady()} waits for it. tokens.csv and mesh/ may be filled in later. */
    static MeshControlPlane start(Netns router, String address, Path devDir) {
        try {
            Files.createDirectories(devDir.resolve("mesh"));
            Path tokens = devDir.resolve("tokens.csv");
            if (!Files.exists(tokens)) {
                Files.writeString(tokens, "# token,namespace,serviceaccount\n");
            }
            Path log = devDir.resolve("control-plane.log");
            ProcessBuilder builder = router.builder(Repo.bin("bollard").toString(), "dev")
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("BOLLARD_HOST", address);
            builder.environment().put("BOLLARD_PORT", Integer.toString(PORT));
            builder.environment().put("BOLLARD_DEV_DIR", devDir.toString());
            builder.environment().put("BOLLARD_JAVA_OPTS", "-Xmx256m -XX:+UseSerialGC");
            return new MeshControlPlane(router, address, devDir, log, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("start bin/bollard dev in " + router.name, e);
        }
    }

    void awaitReady() {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("bin/bollard dev exited with " + process.exitValue() + ":\n" + log());
            }
            if (Files.exists(rootCert()) && curl("GET", "/q/health/ready", null).exitCode() == 0) {
                return;
            }
            sleep(300);
        }
        throw new AssertionError("bin/bollard dev not ready within 120 s:\n" + log());
    }

    Path devDir() {
        return devDir;
    }

    Path rootCert() {
        return devDir.resolve("root-cert.pem");
    }

    Path meshFile(String name) {
        return devDir.resolve("mesh").resolve(name);
    }

    /** Adds a line to tokens.csv, which the dev CA reads for every request (its TokenReview stand-in). */
    void addToken(String token, String namespace, String serviceAccount) {
        try {
            Files.writeString(devDir.resolve("tokens.csv"), token + "," + namespace + "," + serviceAccount + "\n",
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("append to tokens.csv", e);
        }
    }

    /**
     * One HTTPS request from inside the router, trusting only the dev root. It names the server
     * "localhost", which the dev serving certificate has always covered, so it works whichever
     * names the certificate adds for the bridge address.
     */
    Processes.Result curl(String method, String path, String body) {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", router.name, "curl", "-sS", "--fail",
                "-m", "10", "--cacert", rootCert().toString(), "--resolve", "localhost:" + PORT + ":" + address,
                "-X", method));
        if (body != null) {
            command.addAll(List.of("-H", "Content-Type: application/json", "--data-binary", "@-"));
        }
        command.add("https://localhost:" + PORT + path);
        return Processes.run(command, body, 20);
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL: the control plane vanishes without a goodbye, as when its node dies. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
