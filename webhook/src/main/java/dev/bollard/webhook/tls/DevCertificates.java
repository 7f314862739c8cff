package dev.bollard.webhook.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
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
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

import dev.bollard.identity.AtomicFile;
import dev.bollard.identity.Keys;
import dev.bollard.identity.Pem;
import dev.bollard.webhook.ca.CaBundle;
import dev.bollard.webhook.ca.CryptoProvider;
import dev.bollard.webhook.ca.SigningCa;
import dev.bollard.webhook.ca.X509Templates;
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
    /** How far back both certificates start, so a client whose clock is a little behind accepts them. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    private static final X500Name ROOT_NAME = new X500Name("O=bollard-dev,CN=Bollard development root CA");
    /** A serving certificate with less validity left than this is re-issued at startup. */
    static final Duration RENEW_BEFORE = Duration.ofDays(7);
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
                Instant now = Instant.now();
                root = X509Templates.root(ROOT_NAME, generated, now.minus(CLOCK_SKEW), now.plus(ROOT_TTL));
                rootKey = generated.getPrivate();
                write(rootKeyFile, Pem.encode(rootKey));
                write(rootCert, Pem.encode(root));
            }
            KeyPair servingKey = Keys.newP256();
            X509CertificateHolder serving = serving(root, rootKey, servingKey, names);
            write(dir.resolve(TLS_KEY), Pem.encode(servingKey.getPrivate()));
            write(dir.resolve(TLS_CERT), Pem.encode(serving) + Pem.encode(root));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("write development certificates to " + dir, e);
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

    /**
     * Signed through the CA's {@link X509Templates}, so the development pair has the extensions a
     * workload CA's serving certificate has; the subject keeps the first name as CN for the tools
     * (and people) that still show it.
     */
    private static X509CertificateHolder serving(X509CertificateHolder root, PrivateKey rootKey, KeyPair key, List<String> names) {
        Set<String> all = new LinkedHashSet<>(names);
        all.add(LOOPBACK);
        List<String> dnsNames = all.stream().filter(n -> !IpAddresses.isLiteral(n)).toList();
        List<String> ips = all.stream().filter(IpAddresses::isLiteral).map(IpAddresses::canonical).toList();
        SigningCa ca = SigningCa.of(CaBundle.selfSigned(root, rootKey), CryptoProvider.chosen());
        Instant now = Instant.now();
        return X509Templates.serving(new X500Name("O=bollard-dev,CN=" + names.get(0)), dnsNames, ips, key.getPublic(), ca,
                now.minus(CLOCK_SKEW), now.plus(SERVING_TTL));
    }

    /**
     * Temp file plus rename, so a reader never sees half a key. Every file is 0600, the
     * certificates too: the mode they have always had, and only this process reads them.
     */
    private static void write(Path target, String content) throws IOException {
        AtomicFile.write(target, content, AtomicFile.OWNER_ONLY);
    }
}
