package dev.bollard.webhook.bench;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.bollard.identity.Keys;
import dev.bollard.identity.Pem;
import dev.bollard.identity.SpiffeId;
import dev.bollard.identity.TrustDomain;
import dev.bollard.webhook.ca.CaBundle;
import dev.bollard.webhook.ca.CertificateAuthority;
import dev.bollard.webhook.ca.CryptoProvider;
import dev.bollard.webhook.ca.CsrPolicy;
import dev.bollard.webhook.ca.IssuedCertificate;

/**
 * One workload certificate, as {@code CertificateIssuer.issue} does it after authentication: parse
 * the CSR PEM, check it (key strength, proof of possession, identity), build and sign the leaf,
 * encode the chain. The baseline is the crypto ceiling: one ECDSA P-256 verify and one sign with
 * the provider the CA ships with ({@link CryptoProvider#chosen()}), over a TBS-sized message with
 * that provider's own keys. Issuance can never beat it; its share of the ceiling (baseline time /
 * hot-path time) is what the non-crypto work costs.
 */
@State(Scope.Benchmark)
public class IssuanceBenchmark {
    static final String SIGNATURE = "SHA256withECDSA";

    private final byte[] tbs = new byte[512];
    private CertificateAuthority ca;
    private SpiffeId caller;
    private String csrPem;
    private KeyPair providerKey;
    private byte[] signature;

    @Setup
    public void createCaAndCsr() throws Exception {
        Instant now = Instant.now();
        CaBundle bundle = CaBundle.generateRoot(new X500Name("O=bench, CN=Bench Root CA"),
                now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(365)));
        ca = new CertificateAuthority(() -> bundle, Clock.systemUTC(), Duration.ofHours(24), Duration.ofDays(90));
        caller = SpiffeId.forServiceAccount(TrustDomain.parse("cluster.local"), "shop", "storefront");
        csrPem = Pem.encode(csr(Keys.newP256(), caller));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", crypto().provider());
        generator.initialize(new ECGenParameterSpec(Keys.CURVE));
        providerKey = generator.generateKeyPair();
        signature = sign();
        hotPath();
    }

    /** The ceiling: one verify (the CSR's proof of possession) and one sign (the leaf), as issuance needs. */
    @Benchmark
    public boolean baseline() throws GeneralSecurityException {
        Signature verifier = Signature.getInstance(SIGNATURE, crypto().provider());
        verifier.initVerify(providerKey.getPublic());
        verifier.update(tbs);
        boolean valid = verifier.verify(signature);
        return sign().length > 0 && valid;
    }

    private byte[] sign() throws GeneralSecurityException {
        Signature signer = Signature.getInstance(SIGNATURE, crypto().provider());
        signer.initSign(providerKey.getPrivate());
        signer.update(tbs);
        return signer.sign();
    }

    @Benchmark
    public List<String> hotPath() {
        PKCS10CertificationRequest csr = Pem.csr(csrPem, "CSR");
        PublicKey key = CsrPolicy.check(csr, caller);
        IssuedCertificate issued = ca.sign(key, caller, ca.ttlFor(null));
        return issued.chainPems();
    }

    private static CryptoProvider crypto() {
        return CryptoProvider.chosen();
    }

    /** The provider behind both the hot path and the baseline, named in the summary. */
    static String provider() {
        return crypto().description();
    }

    /** A CSR as an Istio-style agent sends it: empty subject, the SPIFFE URI as its only SAN. */
    private static PKCS10CertificationRequest csr(KeyPair key, SpiffeId id) throws Exception {
        ExtensionsGenerator extensions = new ExtensionsGenerator();
        extensions.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, id.toString())));
        return new JcaPKCS10CertificationRequestBuilder(new X500Name(new org.bouncycastle.asn1.x500.RDN[0]), key.getPublic())
                .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate())
                .build(new JcaContentSignerBuilder(SIGNATURE).build(key.getPrivate()));
    }
}
