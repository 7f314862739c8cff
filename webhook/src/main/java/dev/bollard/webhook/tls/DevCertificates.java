package dev.bollard.webhook.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
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
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import dev.bollard.identity.Keys;
import dev.bollard.identity.Pem;


/**
 * The development key material `make run` needs without a cluster: a self-signed ECDSA P-256
 * root and a serving certificate for localhost signed by it. Existing files are kept, so a
 * restarted dev server keeps the root that earlier certificates chain to.
 *
 * <p>Layout under the directory: {@code root-cert.pem}, {@code root-key.pem} (the dev CA, also
 * the workload CA in dev mode) and {@code tls.crt}, {@code tls.key} (the serving pair).
 */
public final class DevCertificates {
    public static final String ROOT_CERT = "root-cert.pem";
    public static final String ROOT_KEY = "root-key.pem";
    public static final String TLS_CERT = "tls.crt";
    public static final String TLS_KEY = "tls.key";

    private static final Duration ROOT_TTL = Duration.ofDays(3650);
    private static final Duration SERVING_TTL = Duration.ofDays(365);
    private static final SecureRandom RANDOM = new SecureRandom();

    private DevCertificates() {
    }

    /** Creates the files that are missing; returns the directory. */
    public static Path ensure(Path dir, List<String> dnsNames) {
        try {
            Files.createDirectories(dir);
            if (Files.exists(dir.resolve(ROOT_CERT)) && Files.exists(dir.resolve(TLS_CERT))) {
                return dir;
            }
            KeyPair rootKey = Keys.newP256();
            X500Name rootName = new X500Name("O=bollard-dev,CN=Bollard development root CA");
            X509CertificateHolder root = selfSignedRoot(rootName, rootKey);
            KeyPair servingKey = Keys.newP256();
            X509CertificateHolder serving = serving(rootName, rootKey, servingKey, dnsNames);
            write(dir.resolve(ROOT_KEY), Pem.encode(rootKey.getPrivate()), true);
            write(dir.resolve(ROOT_CERT), Pem.encode(root), false);
            write(dir.resolve(TLS_KEY), Pem.encode(servingKey.getPrivate()), true);
            write(dir.resolve(TLS_CERT), Pem.encode(serving) + Pem.encode(root), false);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("write development certificates to " + dir, e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("generate development certificates", e);
        }
    }

    private static X509CertificateHolder selfSignedRoot(X500Name name, KeyPair key)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        Instant now = Instant.now();
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(ROOT_TTL)), name, key.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key.getPublic()));
        return builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()));
    }

    private static X509CertificateHolder serving(X500Name issuer, KeyPair issuerKey, KeyPair key, List<String> dnsNames)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        Instant now = Instant.now();
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        GeneralName[] names = new GeneralName[dnsNames.size() + 1];
        for (int i = 0; i < dnsNames.size(); i++) {
            names[i] = new GeneralName(GeneralName.dNSName, dnsNames.get(i));
        }
        names[dnsNames.size()] = new GeneralName(GeneralName.iPAddress, "127.0.0.1");
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, serial(),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(SERVING_TTL)),
                new X500Name("O=bollard-dev,CN=" + dnsNames.get(0)), key.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names))
                .addExtension(Extension.authorityKeyIdentifier, false,
                        ext.createAuthorityKeyIdentifier(issuerKey.getPublic()))
                .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key.getPublic()));
        return builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate()));
    }

    private static BigInteger serial() {
        return new BigInteger(128, RANDOM);
    }

    /** Temp file plus rename, so a reader never sees half a key. */
    private static void write(Path target, String content, boolean secret) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        if (secret) {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        }
        Files.writeString(tmp, content);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
