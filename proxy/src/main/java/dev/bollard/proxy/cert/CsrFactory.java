package dev.bollard.proxy.cert;

import java.security.KeyPair;
import java.security.SecureRandom;

import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

import dev.bollard.identity.Keys;
import dev.bollard.identity.Pem;

/**
 * Generates the workload key (ECDSA P-256, as Istio's and Linkerd's proxies do) and a PKCS#10
 * request signed with it. The request names no identity: the CA takes the identity from the
 * authenticated ServiceAccount token, so the pod needs no trust domain and cannot ask for another.
 */
final class CsrFactory {
    private static final X500Name EMPTY_SUBJECT = new X500Name(new RDN[0]);

    private final SecureRandom random;

    CsrFactory(SecureRandom random) {
        this.random = random;
    }

    KeyAndCsr create() {
        try {
            KeyPair key = Keys.newP256(random);
            PKCS10CertificationRequest csr = new JcaPKCS10CertificationRequestBuilder(EMPTY_SUBJECT, key.getPublic())
                    .build(new JcaContentSignerBuilder(Keys.SIGNATURE).setSecureRandom(random).build(key.getPrivate()));
            return new KeyAndCsr(key, Pem.encode(csr));
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("generate P-256 key and CSR", e);
        }
    }
}
