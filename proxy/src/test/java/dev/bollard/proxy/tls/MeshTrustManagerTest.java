package dev.bollard.proxy.tls;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.bollard.identity.Keys;
import dev.bollard.identity.TestPki;
import dev.bollard.proxy.testing.Mesh;

class MeshTrustManagerTest {
    private static final TestPki.Ca ROOT = TestPki.root("mesh-root");
    private static final MeshTrustManager TRUST = new MeshTrustManager(List.of(ROOT.certificate()));

    private static X509Certificate leaf(TestPki.Ca issuer, Duration lifetime) {
        KeyPair key = Keys.newP256();
        return TestPki.leaf(key.getPublic(), issuer, lifetime, Mesh.TD + "a");
    }

    @Test
    void acceptsAWorkloadLeafOfTheMeshRootOnEitherSide() {
        X509Certificate[] chain = {leaf(ROOT, Duration.ofDays(1))};
        assertDoesNotThrow(() -> TRUST.checkClientTrusted(chain, "EC"));
        assertDoesNotThrow(() -> TRUST.checkServerTrusted(chain, "EC"));
    }

    @Test
    void acceptsAChainThroughAnIntermediateAndOneThatCarriesTheRoot() {
        TestPki.Ca intermediate = TestPki.intermediate(ROOT, "mesh-intermediate");
        X509Certificate leaf = leaf(intermediate, Duration.ofDays(1));
        assertDoesNotThrow(() -> TRUST.checkClientTrusted(new X509Certificate[] {leaf, intermediate.certificate()}, "EC"));
        assertDoesNotThrow(() -> TRUST.checkClientTrusted(
                new X509Certificate[] {leaf, intermediate.certificate(), ROOT.certificate()}, "EC"));
    }

    @Test
    void refusesALeafOfAnotherCa() {
        X509Certificate[] chain = {leaf(TestPki.root("other-root"), Duration.ofDays(1))};
        CertificateException e = assertThrows(CertificateException.class, () -> TRUST.checkClientTrusted(chain, "EC"));
        assertTrue(e.getMessage().contains("the client's certificate does not chain to the mesh roots"), e.getMessage());
    }

    @Test
    void refusesAnIntermediateTheRootDidNotSign() {
        TestPki.Ca stranger = TestPki.intermediate(TestPki.root("other-root"), "stranger");
        X509Certificate[] chain = {leaf(stranger, Duration.ofDays(1)), stranger.certificate(), ROOT.certificate()};
        assertThrows(CertificateException.class, () -> TRUST.checkServerTrusted(chain, "EC"));
    }

    @Test
    void refusesAnExpiredLeaf() {
        X509Certificate[] chain = {leaf(ROOT, Duration.ofSeconds(-30))};
        CertificateException e = assertThrows(CertificateException.class, () -> TRUST.checkClientTrusted(chain, "EC"));
        assertTrue(e.getMessage().contains("does not chain to the mesh roots: validity check failed"), e.getMessage());
    }

    @Test
    void aChainThatPassedIsRefusedOncePastItsNotAfter() {
        AtomicLong now = new AtomicLong(System.currentTimeMillis());
        MeshTrustManager trust = new MeshTrustManager(List.of(ROOT.certificate()), now::get);
        X509Certificate[] chain = {leaf(ROOT, Duration.ofHours(1))};
        assertDoesNotThrow(() -> trust.checkClientTrusted(chain, "EC"));
        assertDoesNotThrow(() -> trust.checkClientTrusted(chain, "EC"), "again: remembered");

        now.addAndGet(Duration.ofHours(2).toMillis());
        CertificateException e = assertThrows(CertificateException.class, () -> trust.checkClientTrusted(chain, "EC"));
        assertTrue(e.getMessage().contains("validity check failed"), e.getMessage());
    }

    @Test
    void aChainRememberedForOnePurposeIsCheckedAgainForTheOther() {
        MeshTrustManager trust = new MeshTrustManager(List.of(ROOT.certificate()));
        X509Certificate[] chain = {TestPki.serving(Keys.newP256().getPublic(), ROOT)};
        assertDoesNotThrow(() -> trust.checkServerTrusted(chain, "EC"));
        assertDoesNotThrow(() -> trust.checkServerTrusted(chain, "EC"));
        assertThrows(CertificateException.class, () -> trust.checkClientTrusted(chain, "EC"));
    }

    @Test
    void refusesAServerOnlyCertificateAsAClient() {
        KeyPair key = Keys.newP256();
        X509Certificate[] chain = {TestPki.serving(key.getPublic(), ROOT)};
        assertDoesNotThrow(() -> TRUST.checkServerTrusted(chain, "EC"));
        CertificateException e = assertThrows(CertificateException.class, () -> TRUST.checkClientTrusted(chain, "EC"));
        assertTrue(e.getMessage().contains("not valid for TLS client authentication (extendedKeyUsage)"), e.getMessage());
    }

    @Test
    void refusesAnEmptyChain() {
        CertificateException e = assertThrows(CertificateException.class,
                () -> TRUST.checkClientTrusted(new X509Certificate[0], "EC"));
        assertTrue(e.getMessage().contains("sent no certificate"), e.getMessage());
    }

    @Test
    void offersTheMeshRootsAsAcceptedIssuers() {
        assertTrue(List.of(TRUST.getAcceptedIssuers()).equals(List.of(ROOT.certificate())));
    }
}
