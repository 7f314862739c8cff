package dev.bollard.webhook.ca;

import static dev.bollard.webhook.ca.Refusals.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.bollard.identity.Pem;
import dev.bollard.identity.SpiffeId;

class CertificateAuthorityTest {
    private static final SpiffeId ID = SpiffeId.parse("spiffe://cluster.local/ns/default/sa/web");
    private static final Duration DAY = Duration.ofHours(24);

    private static CertificateAuthority ca(CaBundle bundle, Instant now) {
        return new CertificateAuthority(() -> bundle, Clock.fixed(now, ZoneOffset.UTC), DAY, Duration.ofDays(7));
    }

    /** The leaf's PEM is written from the DER the signer assembled: it must be the certificate's own encoding. */
    @Test
    void returnsTheLeafPemAsTheCertificateEncodesIt() throws Exception {
        java.security.KeyPair rsa = Csrs.rsa(2048); // a 256-byte signature: the BIT STRING's long-form length
        CaBundle rsaRoot = CaBundle.selfSigned(X509Templates.root(new org.bouncycastle.asn1.x500.X500Name("CN=rsa root"),
                rsa, Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(30))), rsa.getPrivate());
        for (CaBundle bundle : List.of(TestCas.selfSigned(Duration.ofDays(30)), TestCas.plugin(Duration.ofDays(30)).bundle(), rsaRoot)) {
            IssuedCertificate issued = ca(bundle, Instant.now()).sign(Csrs.ec("secp256r1").getPublic(), ID, DAY);

            assertEquals(dev.bollard.identity.Pem.encode(issued.leaf()), issued.chainPems().get(0));
        }
    }

    @Test
    void issuesALeafThatOpensslVerifiesAgainstTheRoot() throws Exception {
        CaBundle bundle = TestCas.selfSigned(Duration.ofDays(30));
        IssuedCertificate issued = ca(bundle, Instant.now()).sign(Csrs.ec("secp256r1").getPublic(), ID, DAY);

        assertEquals(1, issued.chainPems().size(), "a self-signed root has no intermediates");
        OpenSsl.Result verify = OpenSsl.verify(issued.rootPem(), issued.chainPems());
        assertEquals(0, verify.exitCode(), verify.output());
        String text = OpenSsl.text(issued.chainPems().get(0));
        assertTrue(text.contains("URI:" + ID), text);
        assertTrue(text.contains("CA:FALSE"), text);
        assertTrue(text.contains("TLS Web Server Authentication, TLS Web Client Authentication"), text);
        assertTrue(text.contains("Digital Signature"), text);
        assertFalse(text.contains("Key Encipherment"), "EC leaves need no keyEncipherment:\n" + text);
        assertFalse(text.contains("DNS:"), text);
        assertTrue(text.contains("X509v3 Authority Key Identifier") && text.contains("X509v3 Subject Key Identifier"), text);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.bollard.webhook.ca.TestProviders#both")
    void eitherProviderIssuesChainsOpensslVerifies(CryptoProvider crypto) throws Exception {
        for (CaBundle bundle : List.of(TestCas.selfSigned(Duration.ofDays(30)), TestCas.plugin(Duration.ofHours(3)).bundle())) {
            CertificateAuthority ca = new CertificateAuthority(() -> bundle, crypto, Clock.systemUTC(), DAY, Duration.ofDays(7));
            for (KeyPair key : List.of(Csrs.ec("secp256r1"), Csrs.rsa(2048))) {
                IssuedCertificate issued = ca.sign(key.getPublic(), ID, DAY);
                OpenSsl.Result verify = OpenSsl.verify(issued.rootPem(), issued.chainPems());
                assertEquals(0, verify.exitCode(), crypto.description() + ": " + verify.output());
            }
        }
    }

    @Test
    void backdatesNotBeforeAndLastsTheRequestedTime() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        X509CertificateHolder leaf = ca(TestCas.selfSigned(Duration.ofDays(30)), now)
                .sign(Csrs.ec("secp256r1").getPublic(), ID, Duration.ofHours(2)).leaf();
        assertEquals(now.minus(Duration.ofMinutes(5)), leaf.getNotBefore().toInstant());
        assertEquals(now.plus(Duration.ofHours(2)), leaf.getNotAfter().toInstant());
    }

    @Test
    void rsaLeavesAlsoAllowKeyEncipherment() throws Exception {
        IssuedCertificate issued = ca(TestCas.selfSigned(Duration.ofDays(30)), Instant.now()).sign(Csrs.rsa(2048).getPublic(), ID, DAY);
        assertTrue(OpenSsl.text(issued.chainPems().get(0)).contains("Digital Signature, Key Encipherment"));
    }

    @Test
    void neverOutlivesTheSigningCa() {
        CaBundle bundle = TestCas.selfSigned(Duration.ofHours(1));
        X509CertificateHolder leaf = ca(bundle, Instant.now()).sign(Csrs.ec("secp256r1").getPublic(), ID, DAY).leaf();
        assertEquals(bundle.root().getNotAfter(), leaf.getNotAfter());
    }

    @Test
    void pluginIntermediateIssuesWithTheFullChain() throws Exception {
        TestCas.Plugin plugin = TestCas.plugin(Duration.ofHours(3));
        IssuedCertificate issued = ca(plugin.bundle(), Instant.now()).sign(Csrs.ec("secp256r1").getPublic(), ID, DAY);

        assertEquals(2, issued.chainPems().size());
        assertEquals(3, issued.chainPemsWithRoot().size());
        assertEquals(plugin.bundle().certificate().getNotAfter(), issued.leaf().getNotAfter(), "capped by the intermediate");
        OpenSsl.Result verify = OpenSsl.verify(issued.rootPem(), issued.chainPems());
        assertEquals(0, verify.exitCode(), verify.output());
        assertTrue(OpenSsl.text(issued.chainPems().get(0)).contains("ecdsa-with-SHA384"), "P-384 CA signs with SHA-384");
    }

    @Test
    void serialsAreRandomAndPositive() {
        CertificateAuthority ca = ca(TestCas.selfSigned(Duration.ofDays(1)), Instant.now());
        KeyPair key = Csrs.ec("secp256r1");
        IssuedCertificate a = ca.sign(key.getPublic(), ID, DAY);
        IssuedCertificate b = ca.sign(key.getPublic(), ID, DAY);
        assertNotEquals(a.leaf().getSerialNumber(), b.leaf().getSerialNumber());
        assertTrue(a.leaf().getSerialNumber().signum() > 0);
        assertTrue(a.leaf().getSerialNumber().bitLength() > 64, "128 random bits");
    }

    @Test
    void defaultsTheValidityWhenNoneOrZeroIsRequested() {
        CertificateAuthority ca = ca(TestCas.selfSigned(Duration.ofDays(1)), Instant.now());
        assertEquals(DAY, ca.ttlFor(null));
        assertEquals(DAY, ca.ttlFor(0L));
        assertEquals(Duration.ofSeconds(20), ca.ttlFor(20L));
    }

    @Test
    void refusesValidityAboveTheMaximum() {
        CertificateAuthority ca = ca(TestCas.selfSigned(Duration.ofDays(1)), Instant.now());
        assertRefused(Refusal.INVALID_VALIDITY, "exceeds the maximum of 604800s", () -> ca.ttlFor(604801L));
        assertRefused(Refusal.INVALID_VALIDITY, "must be positive", () -> ca.ttlFor(-5L));
    }

    @Test
    void refusesValidityBelowTheMinimumLifetime() {
        CertificateAuthority ca = ca(TestCas.selfSigned(Duration.ofDays(1)), Instant.now());
        assertRefused(Refusal.INVALID_VALIDITY, "below the minimum of 10s", () -> ca.ttlFor(9L));
        assertEquals(Duration.ofSeconds(10), ca.ttlFor(10L));
    }

    @Test
    void issuesNothingShorterThanTheMinimumWhenTheCaIsAboutToExpire() {
        CaBundle bundle = TestCas.selfSigned(Duration.ofHours(1));
        Instant fiveSecondsBeforeTheEnd = bundle.notAfter().minusSeconds(5);
        CertificateAuthority ca = ca(bundle, fiveSecondsBeforeTheEnd);
        assertRefused(Refusal.UNAVAILABLE, "sooner than the minimum certificate lifetime of 10s",
                () -> ca.sign(Csrs.ec("secp256r1").getPublic(), ID, DAY));
    }

    @Test
    void refusesToSignWithAnExpiredCa() {
        CaBundle bundle = TestCas.selfSigned(Duration.ofHours(1));
        CertificateAuthority later = ca(bundle, Instant.now().plus(Duration.ofHours(2)));
        assertRefused(Refusal.UNAVAILABLE, "CA certificate expired", () -> later.sign(Csrs.ec("secp256r1").getPublic(), ID, DAY));
    }

    @Test
    void issuesServingCertificatesWithAFreshKey() throws Exception {
        TestCas.Plugin plugin = TestCas.plugin(Duration.ofDays(2));
        ServingCertificate serving = ca(plugin.bundle(), Instant.now())
                .issueServing(List.of("bollard.bollard-system.svc", "bollard.bollard-system.svc.cluster.local"), DAY);
        List<X509CertificateHolder> chain = Pem.certificateHolders(serving.chainPem(), "certificate");
        OpenSsl.Result verify = OpenSsl.verify(serving.rootPem(), chain.stream().map(Pem::encode).toList());
        assertEquals(0, verify.exitCode(), verify.output());
        String text = OpenSsl.text(Pem.encode(chain.get(0)));
        assertTrue(text.contains("DNS:bollard.bollard-system.svc, DNS:bollard.bollard-system.svc.cluster.local"), text);
        assertTrue(Pem.privateKey(serving.keyPem(), "private key").getAlgorithm().startsWith("EC"));
        assertFalse(serving.toString().contains("PRIVATE"));
    }
}
