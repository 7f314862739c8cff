package dev.bollard.identity;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Test certificates generated at run time (shipped to other modules' tests as the identity
 * test-jar): a root, intermediates, workload leaves with SPIFFE URI SANs, serving certificates.
 */
public final class TestPki {
    public static final Duration BACKDATE = Duration.ofMinutes(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A CA certificate and its key. */
    public record Ca(X509Certificate certificate, PrivateKey key) {
    }

    private TestPki() {
    }

    public static Ca root(String cn) {
        KeyPair key = Keys.newP256();
        X500Name name = new X500Name("O=bollard-test,CN=" + cn);
        return new Ca(sign(ca(new JcaX509v3CertificateBuilder(name, serial(), from(), until(Duration.ofDays(30)), name,
                key.getPublic()), 1), key.getPrivate()), key.getPrivate());
    }

    public static Ca intermediate(Ca issuer, String cn) {
        KeyPair key = Keys.newP256();
        return new Ca(sign(ca(new JcaX509v3CertificateBuilder(issuer.certificate(), serial(), from(),
                until(Duration.ofDays(30)), new X500Name("O=bollard-test,CN=" + cn), key.getPublic()), 0),
                issuer.key()), key.getPrivate());
    }

    /** A workload leaf whose SANs are the given URIs (none, one SPIFFE ID, or several). */
    public static X509Certificate leaf(PublicKey key, Ca issuer, Duration lifetime, String... uris) {
        GeneralName[] names = new GeneralName[uris.length];
        for (int i = 0; i < uris.length; i++) {
            names[i] = new GeneralName(GeneralName.uniformResourceIdentifier, uris[i]);
        }
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer.certificate(), serial(), from(),
                    until(lifetime), uris.length > 0 ? new X500Name(new org.bouncycastle.asn1.x500.RDN[0]) : new X500Name("CN=no-san"), key)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                            new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            if (uris.length > 0) {
                builder.addExtension(Extension.subjectAlternativeName, true, new GeneralNames(names));
            }
            return sign(builder, issuer.key());
        } catch (Exception e) {
            throw new IllegalStateException("test leaf", e);
        }
    }

    /** A TLS server certificate for {@code 127.0.0.1} and {@code localhost}. */
    public static X509Certificate serving(PublicKey key, Ca issuer) {
        try {
            return sign(new JcaX509v3CertificateBuilder(issuer.certificate(), serial(), from(), until(Duration.ofDays(1)),
                    new X500Name("CN=localhost"), key)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.dNSName, "localhost"),
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1")})), issuer.key());
        } catch (Exception e) {
            throw new IllegalStateException("test serving certificate", e);
        }
    }

    public static List<X509Certificate> chain(X509Certificate... certificates) {
        return List.of(certificates);
    }

    private static X509v3CertificateBuilder ca(X509v3CertificateBuilder builder, int pathLength) {
        try {
            return builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(pathLength))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } catch (Exception e) {
            throw new IllegalStateException("test CA", e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(Keys.SIGNATURE).build(key)));
        } catch (Exception e) {
            throw new IllegalStateException("sign test certificate", e);
        }
    }

    private static Date from() {
        return Date.from(Instant.now().minus(BACKDATE));
    }

    private static Date until(Duration lifetime) {
        return Date.from(Instant.now().plus(lifetime));
    }

    private static BigInteger serial() {
        return new BigInteger(128, RANDOM);
    }
}
