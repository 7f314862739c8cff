package dev.bollard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pod's bootstrap against the real CA: the packaged webhook as `make run` starts it, and the
 * packaged {@code bin/bollard cert fetch} with the demo token `make run` writes; the files it
 * leaves are checked with the real openssl.
 */
@ExtendWith(PackagedWebhook.class)
class WorkloadCertificateTest {
    private static WebhookProcess webhook;

    @BeforeAll
    static void useWebhook(WebhookProcess packaged) {
        webhook = packaged;
    }

    @Test
    void fetchedChainVerifiesAndNamesTheServiceAccount(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("certs");
        Processes.Result fetch = fetch(demoToken(dir), out);
        fetch.requireSuccess("bin/bollard cert fetch");

        Processes.run(List.of("openssl", "verify", "-CAfile", out.resolve("root-cert.pem").toString(),
                "-untrusted", out.resolve("cert-chain.pem").toString(), out.resolve("cert-chain.pem").toString()), null, 30)
                .requireSuccess("openssl verify");
        String text = Processes.run(List.of("openssl", "x509", "-in", out.resolve("cert-chain.pem").toString(), "-noout", "-text"),
                null, 30).requireSuccess("openssl x509").stdout();
        assertTrue(text.contains("URI:spiffe://cluster.local/ns/default/sa/demo"), text);
        assertTrue(text.contains("TLS Web Server Authentication, TLS Web Client Authentication"), text);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("key.pem"))));
    }

    @Test
    void aWrongTokenIsRefusedAndNothingIsWritten(@TempDir Path dir) throws IOException {
        Path token = dir.resolve("token");
        Files.writeString(token, "not-a-token");
        Path out = dir.resolve("certs");
        Processes.Result fetch = fetch(token, out);
        assertEquals(1, fetch.exitCode(), fetch.stderr());
        assertTrue(fetch.stderr().contains("401"), fetch.stderr());
        assertTrue(!Files.exists(out.resolve("cert-chain.pem")));
    }

    private static Processes.Result fetch(Path token, Path out) {
        return Processes.run(List.of(Repo.bin("bollard").toString(), "cert", "fetch",
                "--ca", webhook.base().toString(), "--token-file", token.toString(),
                "--root-cert", webhook.devDir().resolve("root-cert.pem").toString(), "--out", out.toString()), null, 60);
    }

    /** The token line `bin/bollard dev` wrote for default/demo. */
    private static Path demoToken(Path dir) throws IOException {
        String line = Files.readAllLines(webhook.devDir().resolve("tokens.csv")).stream()
                .filter(l -> !l.startsWith("#") && l.endsWith(",default,demo")).findFirst().orElseThrow();
        Path token = dir.resolve("token");
        Files.writeString(token, line.substring(0, line.indexOf(',')));
        return token;
    }
}
