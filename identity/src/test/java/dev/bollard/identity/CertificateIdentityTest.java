package dev.bollard.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.X509Certificate;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class CertificateIdentityTest {
    private static final TestPki.Ca ROOT = TestPki.root("root");

    private static X509Certificate leaf(String... uris) {
        return TestPki.leaf(Keys.newP256().getPublic(), ROOT, Duration.ofHours(1), uris);
    }

    @Test
    void readsTheOneSpiffeUriSan() {
        assertEquals(SpiffeId.forServiceAccount(new TrustDomain("cluster.local"), "demo", "web"),
                CertificateIdentity.of(leaf("spiffe://cluster.local/ns/demo/sa/web")));
    }

    @Test
    void refusesACertificateWithoutUriSan() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CertificateIdentity.of(leaf()));

        assertTrue(e.getMessage().endsWith("has no URI SAN (no SPIFFE ID)"), e.getMessage());
    }

    @Test
    void refusesTwoUriSans() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CertificateIdentity.of(
                leaf("spiffe://cluster.local/ns/demo/sa/web", "spiffe://cluster.local/ns/demo/sa/admin")));

        assertTrue(e.getMessage().startsWith("certificate has 2 URI SANs"), e.getMessage());
    }

    @Test
    void refusesANonSpiffeUri() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CertificateIdentity.of(leaf("https://example.com/web")));

        assertTrue(e.getMessage().startsWith("SPIFFE ID: scheme is missing or invalid"), e.getMessage());
    }

    @Test
    void refusesAnInvalidSpiffeId() {
        assertThrows(IllegalArgumentException.class, () -> CertificateIdentity.of(leaf("spiffe://Cluster.local/ns/demo/sa/web")));
    }
}
