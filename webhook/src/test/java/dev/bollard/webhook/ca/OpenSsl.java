package dev.bollard.webhook.ca;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code openssl} binary over PEM written to a temp directory. */
public final class OpenSsl {
    private OpenSsl() {
    }

    public record Result(int exitCode, String output) {
    }

    /** {@code openssl verify -CAfile root [-untrusted chain] leaf}. */
    public static Result verify(String rootPem, List<String> chainPems) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("bollard-openssl");
        Path root = Files.writeString(dir.resolve("root.pem"), rootPem);
        Path leaf = Files.writeString(dir.resolve("leaf.pem"), chainPems.get(0));
        List<String> command = new ArrayList<>(List.of("openssl", "verify", "-CAfile", root.toString()));
        if (chainPems.size() > 1) {
            Path untrusted = Files.writeString(dir.resolve("chain.pem"), String.join("", chainPems.subList(1, chainPems.size())));
            command.addAll(List.of("-untrusted", untrusted.toString()));
        }
        command.add(leaf.toString());
        return run(command);
    }

    /** {@code openssl x509 -noout -text} of one certificate. */
    public static String text(String certPem) throws IOException, InterruptedException {
        Path file = Files.createTempFile("bollard-cert", ".pem");
        Files.writeString(file, certPem);
        Result result = run(List.of("openssl", "x509", "-noout", "-text", "-in", file.toString()));
        if (result.exitCode() != 0) {
            throw new IllegalStateException("openssl x509 failed: " + result.output());
        }
        return result.output();
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("openssl timed out: " + command);
        }
        return new Result(process.exitValue(), output);
    }
}
