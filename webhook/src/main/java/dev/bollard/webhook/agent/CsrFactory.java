package dev.bollard.webhook.agent;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;

import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * Generates the workload key (ECDSA P-256, as Istio's and Linkerd's proxies do) and a PKCS#10
 * request signed with it. The request names no identity: the CA takes the identity from the
 * authenticated ServiceAccount token, so the pod needs no trust domain and cannot ask for another.
 */
final class CsrFactory {
    static final String CURVE = "secp256r1";
    static final String SIGNATURE = "SHA256withECDSA";
    private static final X500Name EMPTY_SUBJECT = new X500Name(new RDN[0]);

    private final SecureRandom random;

    CsrFactory(SecureRandom random) {
        this.random = random;
    }

    KeyAndCsr create() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(CURVE), random);
            KeyPair key = generator.generateKeyPair();
            PKCS10CertificationRequest csr = new JcaPKCS10CertificationRequestBuilder(EMPTY_SUBJECT, key.getPublic())
                    .build(new JcaContentSignerBuilder(SIGNATURE).setSecureRandom(random).build(key.getPrivate()));
            return new KeyAndCsr(key, Pem.write(csr));
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("generate P-256 key and CSR", e);
        }
    }
}
