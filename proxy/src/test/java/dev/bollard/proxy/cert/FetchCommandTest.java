package dev.bollard.proxy.cert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.bollard.identity.Pem;

class FetchCommandTest {
    @TempDir
    Path tmp;
    FakeCa ca;
    Path token;
    Path out;

    @BeforeEach
    void startCa() throws Exception {
        ca = new FakeCa(tmp.resolve("ca"), false);
        token = Files.writeString(tmp.resolve("token"), "token-1\n");
        out = tmp.resolve("out");
    }

    @AfterEach
    void stopCa() {
        ca.close();
    }

    private CliRun fetch(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("cert", "fetch", "--ca", ca.url().toString(),
                "--token-file", token.toString(), "--root-cert", ca.rootCertFile().toString(), "--out", out.toString()));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void writesKeyChainAndRootThatOpensslVerifies() throws Exception {
        CliRun run = fetch();

        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("issued " + FakeCa.SPIFFE_ID), run.out());
        assertEquals("rw-------", mode(CertificateFiles.KEY));
        assertEquals("rw-r--r--", mode(CertificateFiles.CERT_CHAIN));
        assertEquals("rw-r--r--", mode(CertificateFiles.ROOT_CERT));
        assertEquals(List.of(CertificateFiles.CERT_CHAIN, CertificateFiles.KEY, CertificateFiles.ROOT_CERT), listing());
        Openssl.Result verify = Openssl.run(out, "verify", "-CAfile", "root-cert.pem", "cert-chain.pem");
        assertEquals(0, verify.exit(), verify.output());
        assertTrue(verify.output().contains("cert-chain.pem: OK"), verify.output());
        List<String> keys = Openssl.publicKeys(out);
        assertTrue(keys.get(0).contains("BEGIN PUBLIC KEY"), keys.get(0));
        assertEquals(keys.get(0), keys.get(1));
        String text = Openssl.run(out, "x509", "-in", "cert-chain.pem", "-noout", "-text").output();
        assertTrue(text.contains("URI:" + FakeCa.SPIFFE_ID), text);
        assertTrue(Openssl.run(out, "pkey", "-in", "key.pem", "-noout", "-text").output().contains("P-256"));
    }

    @Test
    void writesLeafThenIntermediateWhenTheCaIssuesFromAnIntermediate() throws Exception {
        ca.close();
        ca = new FakeCa(tmp.resolve("ca2"), true);

        CliRun run = fetch();

        assertEquals(0, run.exit(), run.err());
        List<java.security.cert.X509Certificate> chain =
                Pem.certificates(Files.readString(out.resolve(CertificateFiles.CERT_CHAIN)), "chain");
        assertEquals(2, chain.size());
        assertEquals(-1, chain.get(0).getBasicConstraints(), "leaf first");
        assertEquals(0, chain.get(1).getBasicConstraints(), "then the intermediate");
        assertEquals(ca.root(), Pem.certificate(Files.readString(out.resolve(CertificateFiles.ROOT_CERT)), "root"));
        Openssl.Result verify = Openssl.verify(out);
        assertEquals(0, verify.exit(), verify.output());
        List<String> keys = Openssl.publicKeys(out);
        assertEquals(keys.get(0), keys.get(1));
    }

    @Test
    void sendsTheBearerTokenAndTheRequestedValidity() {
        assertEquals(0, fetch("--validity", "600").exit());
        assertEquals(0, fetch().exit());

        assertEquals(new FakeCa.Received("Bearer token-1", 600L), ca.received.get(0));
        assertEquals(new FakeCa.Received("Bearer token-1", null), ca.received.get(1));
    }

    @Test
    void rereadsTheTokenFileForEveryRequest() throws Exception {
        ca.tokens.add("token-2");
        assertEquals(0, fetch().exit());
        Files.writeString(token, "token-2");

        assertEquals(0, fetch().exit());

        assertEquals("Bearer token-2", ca.received.get(1).authorization());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "400, bad_request, 'malformed CSR: not a PEM CERTIFICATE REQUEST'",
        "401, unauthorized, 'token rejected: audience is not istio-ca'",
        "403, forbidden, 'CSR asks for spiffe://cluster.local/ns/a/sa/b but the token is for spiffe://cluster.local/ns/demo/sa/web'",
        "413, payload_too_large, 'request body larger than 64 KiB'",
        "503, unavailable, 'cannot check the token: API server unreachable'"})
    void errorAnswersGiveOneLineWithStatusAndServerMessageAndWriteNothing(int status, String error, String message) throws Exception {
        ca.script.add(new FakeCa.Scripted(status, FakeCa.error(error, message), Map.of("Retry-After", "5")));

        CliRun run = fetch();

        assertEquals(1, run.exit());
        assertTrue(run.err().startsWith("bollard cert fetch: CA " + ca.url() + "/v1/certificates answered " + status + ": "
                + error + ": " + message), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertEquals(List.of(), listing());
    }

    @Test
    void errorAnswerThatIsNotJsonIsQuoted() throws Exception {
        ca.script.add(new FakeCa.Scripted(502, "<html>Bad Gateway</html>", Map.of()));

        CliRun run = fetch();

        assertEquals(1, run.exit());
        assertTrue(run.err().contains("answered 502: <html>Bad Gateway</html>"), run.err());
    }

    @Test
    void failedRenewalKeepsThePreviousFilesIntact() throws Exception {
        assertEquals(0, fetch().exit());
        byte[] key = Files.readAllBytes(out.resolve(CertificateFiles.KEY));
        byte[] chain = Files.readAllBytes(out.resolve(CertificateFiles.CERT_CHAIN));
        ca.script.add(new FakeCa.Scripted(403, FakeCa.error("forbidden", "no"), Map.of()));

        assertEquals(1, fetch().exit());

        assertArrayEquals(key, Files.readAllBytes(out.resolve(CertificateFiles.KEY)));
        assertArrayEquals(chain, Files.readAllBytes(out.resolve(CertificateFiles.CERT_CHAIN)));
        assertEquals(List.of(CertificateFiles.CERT_CHAIN, CertificateFiles.KEY, CertificateFiles.ROOT_CERT), listing());
    }

    @Test
    void rejectsAChainThatCertifiesAnotherKey() throws Exception {
        ca.script.add(new FakeCa.Scripted(200, ca.answer(FakeCa.newKey().getPublic(), Duration.ofHours(1)), Map.of()));

        CliRun run = fetch();

        assertEquals(1, run.exit());
        assertTrue(run.err().contains("certificate chain we reject: leaf certificate does not certify the key of our CSR"), run.err());
        assertEquals(List.of(), listing());
    }

    @Test
    void rejectsARootThatRootCertDoesNotTrust() throws Exception {
        try (FakeCa other = new FakeCa(tmp.resolve("other"), false)) {
            String foreign = other.answer(FakeCa.newKey().getPublic(), Duration.ofHours(1));
            ca.script.add(new FakeCa.Scripted(200, foreign, Map.of()));

            CliRun run = fetch();

            assertEquals(1, run.exit());
            assertTrue(run.err().contains("is not among the roots trusted by --root-cert"), run.err());
            assertEquals(List.of(), listing());
        }
    }

    @Test
    void refusesACaWhoseTlsCertificateTheRootDoesNotSign() throws Exception {
        Path otherRoot = new FakeCa(tmp.resolve("other"), false).rootCertFile();

        CliRun run = CliRun.of("cert", "fetch", "--ca", ca.url().toString(), "--token-file", token.toString(),
                "--root-cert", otherRoot.toString(), "--out", out.toString());

        assertEquals(1, run.exit());
        assertTrue(run.err().contains("unreachable") && run.err().contains("PKIX"), run.err());
        assertTrue(ca.received.isEmpty(), "the token must not reach an untrusted server");
    }

    @Test
    void reportsAMissingTokenFile() throws Exception {
        Files.delete(token);

        CliRun run = fetch();

        assertEquals(1, run.exit());
        assertTrue(run.err().contains("--token-file " + token + " does not exist"), run.err());
    }

    @Test
    void refusesPlainHttpAsAUsageError() {
        CliRun run = CliRun.of("cert", "fetch", "--ca", "http://127.0.0.1:1", "--token-file", token.toString(),
                "--root-cert", ca.rootCertFile().toString(), "--out", out.toString());

        assertEquals(2, run.exit());
        assertTrue(run.err().contains("--ca must be an https:// URL"), run.err());
    }

    @Test
    void rejectsANonPositiveValidity() {
        CliRun run = fetch("--validity", "0");

        assertEquals(2, run.exit());
        assertTrue(run.err().contains("--validity must be a positive number of seconds"), run.err());
    }

    @Test
    void certHelpExplainsTheSubcommandsAndFiles() {
        CliRun run = CliRun.of("cert", "--help");

        assertEquals(0, run.exit());
        for (String expected : List.of("fetch", "watch", "mode 0600", "cert-chain.pem", "root-cert.pem", "Exit status")) {
            assertTrue(run.out().contains(expected), expected + " in\n" + run.out());
        }
        assertTrue(CliRun.of("cert", "watch", "--help").out().contains("--health-port"));
    }

    @Test
    void certHelpNamesTheServicePortInAClusterAndTheLocalPortUnderMakeRun() {
        String help = CliRun.of("cert", "--help").out();
        assertTrue(help.contains("--ca https://bollard.bollard-system.svc "), help);
        assertTrue(help.contains("port 443"), help);
        assertTrue(help.contains("make run") && help.contains("https://127.0.0.1:8443"), help);
        assertFalse(help.contains(".svc:8443"), "the Service does not expose 8443: " + help);
        String fetch = CliRun.of("cert", "fetch", "--help").out();
        assertFalse(fetch.contains(".svc:8443"), fetch);
    }

    @Test
    void certWithoutSubcommandPrintsUsage() {
        CliRun run = CliRun.of("cert");

        assertEquals(2, run.exit());
        assertTrue(run.err().contains("Usage: bollard cert"), run.err());
    }

    private String mode(String name) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve(name)));
    }

    /** Every name in --out, temp files included: none may be left behind. */
    private List<String> listing() throws Exception {
        if (!Files.exists(out)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(out)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void keyFileIsNeverReadableByOthersEvenUnderAPermissiveUmask() throws Exception {
        assertEquals(0, fetch().exit());
        assertFalse(Files.getPosixFilePermissions(out.resolve(CertificateFiles.KEY)).stream()
                .anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS")));
    }
}
