package dev.bollard.proxy.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;

import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;

import dev.bollard.identity.Pem;

class CsrFactoryTest {
    private final CsrFactory factory = new CsrFactory(new SecureRandom());

    @Test
    void signsAP256RequestWithTheNewKey() throws Exception {
        KeyAndCsr created = factory.create();

        PKCS10CertificationRequest csr = parse(created.csrPem());
        assertTrue(csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(created.key().getPublic())));
        assertEquals(256, ((ECPublicKey) created.key().getPublic()).getParams().getCurve().getField().getFieldSize());
        assertEquals(created.key().getPublic(), new org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter()
                .getPublicKey(csr.getSubjectPublicKeyInfo()));
    }

    @Test
    void asksForNoIdentityBecauseTheCaTakesItFromTheToken() throws Exception {
        PKCS10CertificationRequest csr = parse(factory.create().csrPem());

        assertEquals(0, csr.getSubject().getRDNs().length);
        assertEquals(0, csr.getAttributes().length);
    }

    @Test
    void generatesAFreshKeyEachTime() {
        assertFalse(factory.create().key().getPublic().equals(factory.create().key().getPublic()));
    }

    @Test
    void neverPrintsThePrivateKey() {
        KeyAndCsr created = factory.create();

        assertFalse(created.toString().contains(Pem.encode(created.key().getPrivate()).lines().skip(1).findFirst().orElseThrow()));
    }

    private static PKCS10CertificationRequest parse(String pem) throws Exception {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            return (PKCS10CertificationRequest) parser.readObject();
        }
    }
}
