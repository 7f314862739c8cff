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
import java.security.PrivateKey;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

import dev.bollard.identity.Keys;
import dev.bollard.identity.Pem;
import dev.bollard.webhook.mesh.IpAddresses;

/**
 * The development key material `make run` needs without a cluster: a self-signed ECDSA P-256
 * root and a serving certificate signed by it (see {@link #devNames}). The root is kept once it
 * exists, so a restarted dev server keeps the root that earlier certificates chain to.
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
    /** A serving certificate with less validity left than this is re-issued at startup. */
    static final Duration RENEW_BEFORE = Duration.ofDays(7);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String LOOPBACK = "127.0.0.1";
    /** The Service name proxies reach the control plane by (the injection template's CA_ADDR host). */
    public static final String SERVICE_DNS = "bollard.bollard-system.svc";
    private static final Set<String> WILDCARDS = Set.of("0.0.0.0", "::", "[::]");

    private DevCertificates() {
    }

    /**
     * The names the {@code make run} serving certificate carries: localhost, 127.0.0.1, the
     * in-cluster Service names (so a proxy in a network namespace can use the address the
     * injection template gives it) and {@code host} ({@code BOLLARD_HOST}) unless it is a
     * wildcard bind address.
     */
    public static List<String> devNames(Optional<String> host) {
        Set<String> names = new LinkedHashSet<>(List.of("localhost", LOOPBACK, SERVICE_DNS, SERVICE_DNS + ".cluster.local"));
        host.map(String::strip).filter(h -> !h.isEmpty() && !WILDCARDS.contains(h)).ifPresent(names::add);
        return List.copyOf(names);
    }

    /**
     * Creates the files that are missing and returns the directory. An existing serving
     * certificate that lacks one of {@code names} (DNS names or IP literals; the first is the CN)
     * or is not signed by the root is re-issued from the existing root, which is never replaced.
     */
    public static Path ensure(Path dir, List<String> names) {
        try {
            Files.createDirectories(dir);
            Path rootCert = dir.resolve(ROOT_CERT);
            Path rootKeyFile = dir.resolve(ROOT_KEY);
            X500Name rootName = new X500Name("O=bollard-dev,CN=Bollard development root CA");
            X509CertificateHolder root;
            PrivateKey rootKey;
            if (Files.exists(rootCert) && Files.exists(rootKeyFile)) {
                root = Pem.certificateHolder(Files.readString(rootCert), rootCert.toString());
                rootKey = Pem.privateKey(Files.readString(rootKeyFile), rootKeyFile.toString());
                if (servingCovers(dir.resolve(TLS_CERT), root, names)) {
                    return dir;
                }
            } else {
                KeyPair generated = Keys.newP256();
                root = selfSignedRoot(rootName, generated);
                rootKey = generated.getPrivate();
                write(rootKeyFile, Pem.encode(rootKey), true);
                write(rootCert, Pem.encode(root), false);
            }
            KeyPair servingKey = Keys.newP256();
            X509CertificateHolder serving = serving(root, rootKey, servingKey, names);
            write(dir.resolve(TLS_KEY), Pem.encode(servingKey.getPrivate()), true);
            write(dir.resolve(TLS_CERT), Pem.encode(serving) + Pem.encode(root), false);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("write development certificates to " + dir, e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("generate development certificates", e);
        }
    }

    /** Whether {@code tls.crt} exists, is signed by {@code root} and names every one of {@code names}. */
    static boolean servingCovers(Path tlsCert, X509CertificateHolder root, List<String> names) throws IOException {
        return servingCovers(tlsCert, root, names, Instant.now());
    }

    /** As above, and valid from {@code now} for at least {@link #RENEW_BEFORE} more: an expiring one is re-issued. */
    static boolean servingCovers(Path tlsCert, X509CertificateHolder root, List<String> names, Instant now) throws IOException {
        if (!Files.exists(tlsCert)) {
            return false;
        }
        try {
            X509CertificateHolder leaf = Pem.certificateHolders(Files.readString(tlsCert), tlsCert.toString()).get(0);
            if (!leaf.isValidOn(Date.from(now)) || !leaf.isValidOn(Date.from(now.plus(RENEW_BEFORE)))
                    || !leaf.isSignatureValid(new JcaContentVerifierProviderBuilder().build(root))) {
                return false;
            }
            Set<String> present = new HashSet<>();
            Collection<List<?>> sans = new JcaX509CertificateConverter().getCertificate(leaf).getSubjectAlternativeNames();
            for (List<?> san : sans == null ? List.<List<?>>of() : sans) {
                present.add(canonical(String.valueOf(san.get(1))));
            }
            return names.stream().map(DevCertificates::canonical).allMatch(present::contains);
        } catch (Exception e) {
            return false; // unreadable: issue a fresh one
        }
    }

    private static String canonical(String name) {
        return IpAddresses.isLiteral(name) ? IpAddresses.canonical(name) : name.toLowerCase(java.util.Locale.ROOT);
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

    private static X509CertificateHolder serving(X509CertificateHolder root, PrivateKey rootKey, KeyPair key, List<String> names)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        Instant now = Instant.now();
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        Set<String> all = new LinkedHashSet<>(names);
        all.add(LOOPBACK);
        GeneralName[] sans = all.stream().map(n -> IpAddresses.isLiteral(n)
                ? new GeneralName(GeneralName.iPAddress, IpAddresses.canonical(n))
                : new GeneralName(GeneralName.dNSName, n)).toArray(GeneralName[]::new);
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(root.getSubject(), serial(),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(SERVING_TTL)),
                new X500Name("O=bollard-dev,CN=" + names.get(0)), key.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans))
                .addExtension(Extension.authorityKeyIdentifier, false,
                        ext.createAuthorityKeyIdentifier(new JcaX509CertificateConverter().getCertificate(root)))
                .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key.getPublic()));
        return builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(rootKey));
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
