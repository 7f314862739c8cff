package dev.bollard.webhook.ops;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import dev.bollard.webhook.serving.ServingCertificateSource;
import dev.bollard.webhook.serving.ServingPair;

/**
 * A CA for tests that can be rotated: each generation is a fresh self-signed P-256 root that
 * signs serving certificates for the names asked. Enabled only by {@link FakeCaProfile}.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class FakeCa implements ServingCertificateSource {
    private static final SecureRandom RANDOM = new SecureRandom();
    private KeyPair rootKey;
    private X509CertificateHolder root;

    public synchronized void rotate() {
        root = null;
    }

    @Override
    public synchronized ServingPair issueServing(List<String> dnsNames, Duration ttl) {
        ensureRoot();
        KeyPair key = newKey();
        GeneralNames sans = new GeneralNames(dnsNames.stream().map(n -> new GeneralName(GeneralName.dNSName, n))
                .toArray(GeneralName[]::new));
        X509CertificateHolder leaf = sign(root.getSubject(), new X500Name("CN=" + dnsNames.get(0)), key, ttl, false, sans);
        try {
            return new ServingPair(pem(new JcaPKCS8Generator(key.getPrivate(), null).generate()), pem(leaf) + pem(root));
        } catch (IOException e) {
            throw new IllegalStateException("fake CA: encode key", e);
        }
    }

    @Override
    public synchronized String rootPem() {
        ensureRoot();
        return pem(root);
    }

    @Override
    public synchronized Instant caExpiry() {
        ensureRoot();
        return root.getNotAfter().toInstant();
    }

    private void ensureRoot() {
        if (root == null) {
            rootKey = newKey();
            X500Name name = new X500Name("O=bollard-test,CN=fake root " + System.nanoTime());
            root = sign(name, name, rootKey, Duration.ofDays(30), true, null);
        }
    }

    private X509CertificateHolder sign(X500Name issuer, X500Name subject, KeyPair subjectKey, Duration ttl, boolean ca,
            GeneralNames sans) {
        try {
            Instant now = Instant.now();
            var builder = new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM),
                    Date.from(now.minusSeconds(60)), Date.from(now.plus(ttl)), subject, subjectKey.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (sans != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, sans);
            }
            KeyPair signer = ca ? subjectKey : rootKey;
            return builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate()));
        } catch (Exception e) {
            throw new IllegalStateException("fake CA: sign " + subject, e);
        }
    }

    private static KeyPair newKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("fake CA: generate key", e);
        }
    }

    private static String pem(Object o) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        } catch (IOException e) {
            throw new IllegalStateException("fake CA: PEM encode", e);
        }
        return out.toString();
    }
}
