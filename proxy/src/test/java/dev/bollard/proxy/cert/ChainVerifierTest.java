package dev.bollard.proxy.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.bollard.identity.Pem;

class ChainVerifierTest {
    @TempDir
    static Path tmp;
    static FakeCa ca;
    static TrustBundle trust;

    @BeforeAll
    static void startCa() throws Exception {
        ca = new FakeCa(tmp.resolve("ca"), false);
        trust = TrustBundle.load(ca.rootCertFile());
    }

    @AfterAll
    static void stopCa() {
        ca.close();
    }

    private static CaResponse response(X509Certificate... chain) {
        return new CaResponse(List.of(chain).stream().map(c -> Pem.encode(List.of(c))).toList(), Pem.encode(List.of(ca.root())));
    }

    @Test
    void dropsATrailingRootFromTheChainAsIstioSendsIt() throws Exception {
        KeyPair key = FakeCa.newKey();
        X509Certificate leaf = FakeCa.leaf(key.getPublic(), Duration.ofMinutes(5), ca.root(), ca.rootKey());

        Credentials verified = ChainVerifier.verify(response(leaf, ca.root()), key, trust, Instant.now());

        assertEquals(List.of(leaf), verified.chain());
        assertEquals(ca.root(), verified.root());
        assertEquals(FakeCa.SPIFFE_ID, verified.uriSan().orElseThrow());
    }

    @Test
    void rejectsAnExpiredLeaf() throws Exception {
        KeyPair key = FakeCa.newKey();
        X509Certificate leaf = FakeCa.leaf(key.getPublic(), Duration.ofMinutes(5), ca.root(), ca.rootKey());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChainVerifier.verify(response(leaf), key, trust, Instant.now().plus(Duration.ofMinutes(6))));

        assertTrue(e.getMessage().startsWith("certificate chain does not verify up to a trusted root at chain[0]"), e.getMessage());
    }

    @Test
    void rejectsALeafSignedByAnotherKey() throws Exception {
        KeyPair key = FakeCa.newKey();
        X509Certificate forged = FakeCa.leaf(key.getPublic(), Duration.ofMinutes(5), ca.root(), FakeCa.newKey().getPrivate());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChainVerifier.verify(response(forged), key, trust, Instant.now()));

        assertTrue(e.getMessage().contains("does not verify up to a trusted root"), e.getMessage());
    }

    @Test
    void rejectsAnEntryThatHoldsTwoCertificates() throws Exception {
        KeyPair key = FakeCa.newKey();
        X509Certificate leaf = FakeCa.leaf(key.getPublic(), Duration.ofMinutes(5), ca.root(), ca.rootKey());
        CaResponse twoInOne = new CaResponse(List.of(Pem.encode(List.of(leaf, ca.root()))), Pem.encode(List.of(ca.root())));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChainVerifier.verify(twoInOne, key, trust, Instant.now()));

        assertEquals("certChain[0]: expected one CERTIFICATE block, found 2", e.getMessage());
    }

    @Test
    void rejectsRootCertThatIsNotPem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChainVerifier.verify(
                new CaResponse(List.of(Pem.encode(List.of(ca.root()))), "not pem"), FakeCa.newKey(), trust, Instant.now()));

        assertEquals("rootCert: no PEM block found", e.getMessage());
    }
}
