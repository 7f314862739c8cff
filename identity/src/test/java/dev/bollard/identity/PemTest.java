package dev.bollard.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class PemTest {
    private static final TestPki.Ca ROOT = TestPki.root("root");

    @Test
    void roundTripsAChainInOrder() throws Exception {
        TestPki.Ca intermediate = TestPki.intermediate(ROOT, "intermediate");
        X509Certificate leaf = TestPki.leaf(Keys.newP256().getPublic(), intermediate, Duration.ofHours(1));

        List<X509Certificate> read = Pem.certificates(Pem.encode(List.of(leaf, intermediate.certificate())), "chain");

        assertEquals(List.of(leaf, intermediate.certificate()), read);
        assertEquals(leaf, Pem.certificate(Pem.encode(leaf), "leaf"));
        assertEquals(ROOT.certificate().getEncoded().length, Pem.certificateHolder(Pem.encode(ROOT.certificate()), "root")
                .getEncoded().length);
    }

    @Test
    void writesCertificatesExactlyAsBouncyCastlesPemWriterDoes() throws Exception {
        X509Certificate leaf = TestPki.leaf(Keys.newP256().getPublic(), ROOT, Duration.ofHours(1));
        for (X509Certificate certificate : List.of(leaf, ROOT.certificate())) {
            java.io.StringWriter expected = new java.io.StringWriter();
            try (org.bouncycastle.openssl.jcajce.JcaPEMWriter writer = new org.bouncycastle.openssl.jcajce.JcaPEMWriter(expected)) {
                writer.writeObject(certificate);
            }

            assertEquals(expected.toString(), Pem.encode(certificate));
            assertEquals(expected.toString(), Pem.encode(new org.bouncycastle.cert.jcajce.JcaX509CertificateHolder(certificate)));
        }
    }

    @Test
    void writesKeysAsPkcs8AndReadsThemBack() {
        KeyPair key = Keys.newP256();
        String pem = Pem.encode(key.getPrivate());

        assertTrue(pem.startsWith("-----BEGIN PRIVATE KEY-----"), pem);
        assertTrue(Keys.matches(Pem.privateKey(pem, "key.pem"), key.getPublic()));
    }

    @Test
    void readsSec1KeysAsOpensslWritesThem() throws Exception {
        Assumptions.assumeTrue(onPath("openssl"), "openssl is not installed");
        Process p = new ProcessBuilder("openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout")
                .redirectErrorStream(true).start();
        String sec1 = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
        assertEquals(0, p.waitFor());
        assertTrue(sec1.startsWith("-----BEGIN EC PRIVATE KEY-----"), sec1);

        PrivateKey read = Pem.privateKey(sec1, "key.pem");

        assertEquals("EC", read.getAlgorithm());
    }

    private static boolean onPath(String tool) {
        return java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> java.nio.file.Files.isExecutable(java.nio.file.Path.of(dir, tool)));
    }

    @Test
    void refusesEmptyTextAndTextWithoutBlocks() {
        assertEquals("root-cert.pem: is empty",
                assertThrows(IllegalArgumentException.class, () -> Pem.certificates(" \n", "root-cert.pem")).getMessage());
        assertEquals("rootCert: no PEM block found",
                assertThrows(IllegalArgumentException.class, () -> Pem.certificates("not pem", "rootCert")).getMessage());
    }

    @Test
    void refusesAKeyWhereCertificatesBelong() {
        String key = Pem.encode(Keys.newP256().getPrivate());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Pem.certificates(key, "tls.crt"));

        assertTrue(e.getMessage().startsWith("tls.crt: unexpected PrivateKeyInfo"), e.getMessage());
    }

    @Test
    void refusesTwoCertificatesWhereOneBelongs() {
        String two = Pem.encode(List.of(ROOT.certificate(), ROOT.certificate()));

        assertEquals("certChain[0]: expected one CERTIFICATE block, found 2",
                assertThrows(IllegalArgumentException.class, () -> Pem.certificate(two, "certChain[0]")).getMessage());
    }

    @Test
    void refusesACorruptBlock() {
        String corrupt = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Pem.certificates(corrupt, "x"));

        assertTrue(e.getMessage().startsWith("x: malformed PEM"), e.getMessage());
    }

    @Test
    void refusesACertificateWhereACsrBelongs() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Pem.csr(Pem.encode(ROOT.certificate()), "CSR"));

        assertTrue(e.getMessage().startsWith("CSR: expected exactly one PEM 'CERTIFICATE REQUEST' block"), e.getMessage());
    }

    @Test
    void refusesTwoKeys() {
        String two = Pem.encode(Keys.newP256().getPrivate()) + Pem.encode(Keys.newP256().getPrivate());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Pem.privateKey(two, "key.pem"));

        assertTrue(e.getMessage().startsWith("key.pem: expected one private key block, found 2"), e.getMessage());
    }
}
