package dev.bollard.proxy.testing;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import dev.bollard.proxy.tls.TlsProvider;
import dev.bollard.proxy.tls.WorkloadTls;

/** A throwaway mesh CA and workload certificates (EC P-256, like the CA issues) for tests. */
public final class TestPki {
    private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

    public final KeyPair caKey;
    public final X509Certificate root;

    public TestPki(String name) {
        caKey = ecKey();
        root = sign(new X500Name("CN=" + name), caKey, new X500Name("CN=" + name), caKey, null, true);
    }

    /** A workload's key and chain (leaf first); {@code uris} are its URI SANs (none, one, or several). */
    public Workload workload(String... uris) {
        KeyPair key = ecKey();
        X509Certificate leaf = sign(new X500Name("O=bollard"), key, new X500Name(root.getSubjectX500Principal().getName()), caKey, uris, false);
        return new Workload(key.getPrivate(), List.of(leaf), root);
    }

    public record Workload(PrivateKey key, List<X509Certificate> chain, X509Certificate root) {
        public WorkloadTls tls(TlsProvider provider) {
            WorkloadTls tls = new WorkloadTls(provider);
            tls.update(key, chain, List.of(root));
            return tls;
        }
    }

    private static KeyPair ecKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate sign(X500Name subject, KeyPair subjectKey, X500Name issuer, KeyPair issuerKey,
                                        String[] uris, boolean ca) {
        try {
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject, subjectKey.getPublic());
            if (ca) {
                b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
                b.addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
                if (uris != null && uris.length > 0) {
                    GeneralName[] names = new GeneralName[uris.length];
                    for (int i = 0; i < uris.length; i++) {
                        names[i] = new GeneralName(GeneralName.uniformResourceIdentifier, uris[i]);
                    }
                    b.addExtension(Extension.subjectAlternativeName, true, new GeneralNames(names));
                }
            }
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
