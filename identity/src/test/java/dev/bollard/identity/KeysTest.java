package dev.bollard.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;

import org.junit.jupiter.api.Test;

class KeysTest {
    @Test
    void generatesP256() {
        KeyPair key = Keys.newP256();

        assertEquals("EC", key.getPublic().getAlgorithm());
        assertEquals(256, ((ECPublicKey) key.getPublic()).getParams().getCurve().getField().getFieldSize());
    }

    @Test
    void matchesOnlyItsOwnPublicKey() {
        KeyPair a = Keys.newP256();
        KeyPair b = Keys.newP256();

        assertTrue(Keys.matches(a.getPrivate(), a.getPublic()));
        assertFalse(Keys.matches(a.getPrivate(), b.getPublic()));
    }

    @Test
    void anRsaKeyDoesNotMatchAnEcCertificateKey() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);

        assertFalse(Keys.matches(rsa.generateKeyPair().getPrivate(), Keys.newP256().getPublic()));
    }
}
