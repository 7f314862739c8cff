package dev.bollard.proxy.cert;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code openssl} binary, so the files are checked by a reader other than our own code. */
final class Openssl {
    record Result(int exit, String output) {
    }

    private Openssl() {
    }

    static Result run(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("openssl " + String.join(" ", args) + " timed out");
        }
        return new Result(process.exitValue(), output);
    }

    /** {@code openssl verify}: only the first certificate of the file is verified, intermediates come from -untrusted. */
    static Result verify(Path dir) throws IOException, InterruptedException {
        return run(dir, "verify", "-CAfile", CertificateFiles.ROOT_CERT, "-untrusted", CertificateFiles.CERT_CHAIN,
                CertificateFiles.CERT_CHAIN);
    }

    /** Public key of key.pem and of the chain's leaf, as openssl prints them; equal when the pair matches. */
    static List<String> publicKeys(Path dir) throws IOException, InterruptedException {
        return List.of(run(dir, "pkey", "-in", CertificateFiles.KEY, "-pubout").output(),
                run(dir, "x509", "-in", CertificateFiles.CERT_CHAIN, "-pubkey", "-noout").output());
    }
}
