package dev.bollard.webhook.ca;

import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import dev.bollard.identity.Keys;

/** CA bundles generated at test time: a self-signed root, or root → intermediate like Istio's cacerts. */
public final class TestCas {
    private TestCas() {
    }

    public static CaBundle selfSigned(Duration ttl) {
        Instant now = Instant.now();
        return CaBundle.generateRoot(new X500Name("O=test,CN=test root"), now.minusSeconds(60), now.plus(ttl));
    }

    /** Root (10 days) → intermediate ({@code intermediateTtl}); the intermediate signs. */
    public static Plugin plugin(Duration intermediateTtl) {
        KeyPair rootKey = Keys.newP256();
        Instant now = Instant.now();
        X509CertificateHolder root = X509Templates.root(new X500Name("O=test,CN=plug-in root"), rootKey,
                now.minusSeconds(60), now.plus(Duration.ofDays(10)));
        KeyPair caKey = Csrs.ec("secp384r1");
        X509CertificateHolder ca = intermediate(root, rootKey, caKey, now.plus(intermediateTtl));
        return new Plugin(new CaBundle(ca, caKey.getPrivate(), List.of(), root), rootKey);
    }

    public record Plugin(CaBundle bundle, KeyPair rootKey) {
    }

    static X509CertificateHolder intermediate(X509CertificateHolder issuer, KeyPair issuerKey, KeyPair key, Instant notAfter) {
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            return new JcaX509v3CertificateBuilder(issuer.getSubject(), X509Templates.serial(),
                    Date.from(Instant.now().minusSeconds(60)), Date.from(notAfter),
                    new X500Name("O=test,CN=plug-in intermediate"), key.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuerKey.getPublic()))
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate()));
        } catch (Exception e) {
            throw new IllegalStateException("build test intermediate", e);
        }
    }
}
