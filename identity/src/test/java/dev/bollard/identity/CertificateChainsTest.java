package dev.bollard.identity;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class CertificateChainsTest {
    private static final TestPki.Ca ROOT = TestPki.root("root");
    private static final TestPki.Ca OTHER_ROOT = TestPki.root("other");
    private static final String ID = "spiffe://cluster.local/ns/demo/sa/web";

    @Test
    void verifiesALeafSignedByTheRootAndReturnsThatRoot() {
        X509Certificate leaf = TestPki.leaf(Keys.newP256().getPublic(), ROOT, Duration.ofHours(1), ID);

        assertEquals(ROOT.certificate(), CertificateChains.verify(List.of(leaf), List.of(OTHER_ROOT.certificate(), ROOT.certificate()),
                Instant.now()));
    }

    @Test
    void verifiesThroughAnIntermediate() {
        TestPki.Ca intermediate = TestPki.intermediate(ROOT, "intermediate");
        X509Certificate leaf = TestPki.leaf(Keys.newP256().getPublic(), intermediate, Duration.ofHours(1), ID);

        assertDoesNotThrow(() -> CertificateChains.verify(List.of(leaf, intermediate.certificate()),
                List.of(ROOT.certificate()), Instant.now()));
    }

    @Test
    void refusesALeafOfAnotherRoot() {
        X509Certificate leaf = TestPki.leaf(Keys.newP256().getPublic(), OTHER_ROOT, Duration.ofHours(1), ID);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CertificateChains.verify(List.of(leaf), List.of(ROOT.certificate()), Instant.now()));

        assertTrue(e.getMessage().startsWith("certificate chain does not verify up to a trusted root"), e.getMessage());
    }

    @Test
    void refusesAnExpiredLeafNamingItsIndex() {
        X509Certificate leaf = TestPki.leaf(Keys.newP256().getPublic(), ROOT, Duration.ofMinutes(5), ID);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CertificateChains.verify(
                List.of(leaf), List.of(ROOT.certificate()), Instant.now().plus(Duration.ofMinutes(6))));

        assertTrue(e.getMessage().startsWith("certificate chain does not verify up to a trusted root at chain[0]"), e.getMessage());
    }

    @Test
    void refusesAChainWithAGapWhereTheIntermediateBelongs() {
        TestPki.Ca intermediate = TestPki.intermediate(ROOT, "intermediate");
        X509Certificate leaf = TestPki.leaf(Keys.newP256().getPublic(), intermediate, Duration.ofHours(1), ID);

        assertThrows(IllegalArgumentException.class,
                () -> CertificateChains.verify(List.of(leaf), List.of(ROOT.certificate()), Instant.now()));
    }

    @Test
    void refusesAnEmptyChainOrNoRoots() {
        X509Certificate leaf = TestPki.leaf(Keys.newP256().getPublic(), ROOT, Duration.ofHours(1), ID);

        assertThrows(IllegalArgumentException.class, () -> CertificateChains.verify(List.of(), List.of(ROOT.certificate()), Instant.now()));
        assertThrows(IllegalArgumentException.class, () -> CertificateChains.verify(List.of(leaf), List.of(), Instant.now()));
    }

    @Test
    void requiresAnEndEntityLeaf() {
        X509Certificate leaf = TestPki.leaf(Keys.newP256().getPublic(), ROOT, Duration.ofHours(1), ID);

        assertDoesNotThrow(() -> CertificateChains.requireEndEntity(leaf));
        assertEquals("leaf certificate is a CA certificate", assertThrows(IllegalArgumentException.class,
                () -> CertificateChains.requireEndEntity(ROOT.certificate())).getMessage());
    }
}
