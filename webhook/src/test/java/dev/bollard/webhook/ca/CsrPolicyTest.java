package dev.bollard.webhook.ca;

import dev.bollard.identity.SpiffeId;

import static dev.bollard.webhook.ca.Csrs.csr;
import static dev.bollard.webhook.ca.Csrs.dns;
import static dev.bollard.webhook.ca.Csrs.uri;
import static dev.bollard.webhook.ca.Refusals.assertRefused;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CsrPolicyTest {
    private static final SpiffeId CALLER = SpiffeId.parse("spiffe://cluster.local/ns/default/sa/web");

    @Test
    void acceptsACsrWithoutNames() {
        KeyPair key = Csrs.ec("secp256r1");
        assertEquals(key.getPublic(), CsrPolicy.check(csr(key, null), CALLER));
    }

    @Test
    void acceptsExactlyTheCallersSpiffeId() {
        CsrPolicy.check(csr(Csrs.ec("secp384r1"), CALLER.toString(), uri(CALLER.toString())), CALLER);
    }

    @Test
    void acceptsRsa2048() {
        CsrPolicy.check(csr(Csrs.rsa(2048), null), CALLER);
    }

    @Test
    void refusesRsaBelow2048Bits() {
        assertRefused(Refusal.WEAK_KEY, "RSA key of 1024 bits", () -> CsrPolicy.check(csr(Csrs.rsa(1024), null), CALLER));
    }

    @Test
    void refusesCurvesOtherThanP256AndP384() {
        assertRefused(Refusal.WEAK_KEY, "only P-256 and P-384", () -> CsrPolicy.check(csr(Csrs.ec("secp521r1"), null), CALLER));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.bollard.webhook.ca.TestProviders#both")
    void eitherProviderChecksProofOfPossession(CryptoProvider crypto) throws Exception {
        for (KeyPair key : List.of(Csrs.ec("secp256r1"), Csrs.ec("secp384r1"), Csrs.rsa(2048))) {
            PublicKey checked = CsrPolicy.check(csr(key, null, uri(CALLER.toString())), CALLER, crypto);
            assertArrayEquals(key.getPublic().getEncoded(), checked.getEncoded(), crypto.description());
        }
        PKCS10CertificationRequest forged = Csrs.foreignKey(Csrs.ec("secp256r1"), Csrs.ec("secp256r1"));
        assertRefused(Refusal.MALFORMED_REQUEST, "no proof of key possession", () -> CsrPolicy.check(forged, CALLER, crypto));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.bollard.webhook.ca.TestProviders#both")
    void rsaPssCsrsTakeTheGeneralVerifier(CryptoProvider crypto) throws Exception {
        KeyPair key = Csrs.rsa(2048);
        PKCS10CertificationRequest pss = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=x"), key.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSAandMGF1").setProvider(new BouncyCastleProvider()).build(key.getPrivate()));
        CsrPolicy.check(pss, CALLER, crypto);
    }

    @Test
    void refusesACsrWhoseSignatureDoesNotMatchItsKey() throws Exception {
        KeyPair claimed = Csrs.ec("secp256r1");
        KeyPair signer = Csrs.ec("secp256r1");
        PKCS10CertificationRequest forged = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=x"), claimed.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate()));
        assertRefused(Refusal.MALFORMED_REQUEST, "no proof of key possession", () -> CsrPolicy.check(forged, CALLER));
    }

    @Test
    void refusesAnotherIdentityAndNamesBoth() {
        String other = "spiffe://cluster.local/ns/kube-system/sa/admin";
        CaRefusedException e = assertRefused(Refusal.IDENTITY_MISMATCH, "URI SAN " + other,
                () -> CsrPolicy.check(csr(Csrs.ec("secp256r1"), null, uri(other)), CALLER));
        assertTrue(e.getMessage().contains("authenticated as " + CALLER), e.getMessage());
    }

    @Test
    void refusesDnsNames() {
        assertRefused(Refusal.IDENTITY_MISMATCH, "DNS SAN web.default.svc",
                () -> CsrPolicy.check(csr(Csrs.ec("secp256r1"), null, uri(CALLER.toString()), dns("web.default.svc")), CALLER));
    }

    @Test
    void refusesACommonNameNamingAnotherSpiffeId() {
        assertRefused(Refusal.IDENTITY_MISMATCH, "CN spiffe://cluster.local/ns/default/sa/admin",
                () -> CsrPolicy.check(csr(Csrs.ec("secp256r1"), "spiffe://cluster.local/ns/default/sa/admin"), CALLER));
    }

    @Test
    void refusesARequestToBeACa() throws Exception {
        assertRefused(Refusal.FORBIDDEN_EXTENSION, "basicConstraints CA:true", () -> CsrPolicy.check(Csrs.withExtensions(
                Csrs.ec("secp256r1"), new Extension(Extension.basicConstraints, true, new BasicConstraints(true).getEncoded())), CALLER));
    }

    @Test
    void refusesARequestToSignCertificates() throws Exception {
        assertRefused(Refusal.FORBIDDEN_EXTENSION, "keyCertSign", () -> CsrPolicy.check(Csrs.withExtensions(
                Csrs.ec("secp256r1"), new Extension(Extension.keyUsage, true,
                        new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyCertSign).getEncoded())), CALLER));
    }

    @Test
    void acceptsAnExplicitCaFalse() throws Exception {
        CsrPolicy.check(Csrs.withExtensions(Csrs.ec("secp256r1"),
                new Extension(Extension.basicConstraints, true, new BasicConstraints(false).getEncoded())), CALLER);
    }

    @Test
    void refusalsNameNoJavaClasses() {
        assertEquals("CSR signature cannot be checked: bad tag", InternalNames.strip(
                "CSR signature cannot be checked: org.bouncycastle.operator.OperatorCreationException: bad tag"));
        assertEquals("Cannot construct instance of (no Creators)", InternalNames.strip(
                "Cannot construct instance of io.fabric8.kubernetes.api.model.Pod (no Creators)"));
        assertEquals("DNS SAN web.default.svc for spiffe://cluster.local/ns/a/sa/b", InternalNames.strip(
                "DNS SAN web.default.svc for spiffe://cluster.local/ns/a/sa/b"));
    }

    @Test
    void ignoresAnOrdinaryCommonNameAsIstiodDoes() {
        CsrPolicy.check(csr(Csrs.ec("secp256r1"), "my-workload", uri(CALLER.toString())), CALLER);
    }
}
