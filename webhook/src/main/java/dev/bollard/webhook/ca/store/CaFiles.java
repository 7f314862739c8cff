package dev.bollard.webhook.ca.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.cert.X509CertificateHolder;

import dev.bollard.identity.AtomicFile;
import dev.bollard.identity.Pem;
import dev.bollard.webhook.ca.CaBundle;

/**
 * The two file layouts a CA can come from: Istio's plug-in {@code cacerts} directory
 * ({@code ca-cert.pem}, {@code ca-key.pem}, {@code root-cert.pem}, {@code cert-chain.pem}) and the
 * development root ({@code root-cert.pem}, {@code root-key.pem}, shared with tls/DevCertificates).
 */
final class CaFiles {
    static final String CA_CERT = "ca-cert.pem";
    static final String CA_KEY = "ca-key.pem";
    static final String ROOT_CERT = "root-cert.pem";
    static final String CERT_CHAIN = "cert-chain.pem";
    static final String DEV_ROOT_KEY = "root-key.pem";

    private CaFiles() {
    }

    /**
     * A digest of the plug-in CA files as they are now (empty when there is none), so a Secret
     * the kubelet re-mounts with a rotated CA is noticed without a restart.
     */
    static String pluginFingerprint(Path dir) {
        if (!hasPluginCa(dir)) {
            return "";
        }
        try {
            java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
            for (String name : List.of(CA_CERT, CA_KEY, ROOT_CERT, CERT_CHAIN)) {
                Path file = dir.resolve(name);
                digest.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                if (Files.isRegularFile(file)) {
                    digest.update(Files.readAllBytes(file));
                }
            }
            return java.util.HexFormat.of().formatHex(digest.digest());
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            // unreadable mid-update: report "unchanged" rather than flap; the next check sees the result
            return null;
        }
    }

    static boolean hasPluginCa(Path dir) {
        return Files.isRegularFile(dir.resolve(CA_CERT)) && Files.isRegularFile(dir.resolve(CA_KEY));
    }

    /**
     * Istio's cert-chain.pem usually repeats ca-cert.pem first and may end with the root; both are
     * normalised away so the chain is [ca-cert, intermediates...] exactly once, root excluded.
     */
    static CaBundle readPlugin(Path dir) {
        X509CertificateHolder caCert = Pem.certificateHolder(read(dir.resolve(CA_CERT)), CA_CERT);
        X509CertificateHolder root = Files.isRegularFile(dir.resolve(ROOT_CERT))
                ? Pem.certificateHolder(read(dir.resolve(ROOT_CERT)), ROOT_CERT) : caCert;
        List<X509CertificateHolder> intermediates = new ArrayList<>();
        Path chainFile = dir.resolve(CERT_CHAIN);
        if (Files.isRegularFile(chainFile) && !read(chainFile).isBlank()) {
            for (X509CertificateHolder cert : Pem.certificateHolders(read(chainFile), chainFile.getFileName().toString())) {
                if (!cert.equals(caCert) && !cert.equals(root) && !intermediates.contains(cert)) {
                    intermediates.add(cert);
                }
            }
        }
        try {
            return new CaBundle(caCert, Pem.privateKey(read(dir.resolve(CA_KEY)), CA_KEY), intermediates, root).verified();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("plug-in CA in " + dir + ": " + e.getMessage(), e);
        }
    }

    static boolean hasDevRoot(Path dir) {
        return Files.isRegularFile(dir.resolve(ROOT_CERT)) && Files.isRegularFile(dir.resolve(DEV_ROOT_KEY));
    }

    static CaBundle readDevRoot(Path dir) {
        try {
            return CaBundle.selfSigned(Pem.certificateHolder(read(dir.resolve(ROOT_CERT)), ROOT_CERT),
                    Pem.privateKey(read(dir.resolve(DEV_ROOT_KEY)), DEV_ROOT_KEY)).verified();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("development CA in " + dir + ": " + e.getMessage(), e);
        }
    }

    static void writeDevRoot(Path dir, CaBundle bundle) {
        try {
            Files.createDirectories(dir);
            write(dir.resolve(DEV_ROOT_KEY), Pem.encode(bundle.key()));
            write(dir.resolve(ROOT_CERT), Pem.encode(bundle.root()));
        } catch (IOException e) {
            throw new UncheckedIOException("write development CA to " + dir, e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("read " + file, e);
        }
    }

    /**
     * Temp file plus rename, so a reader never sees half a key. The certificate is 0600 as well:
     * the mode these files have always had, and only this process reads them.
     */
    private static void write(Path target, String content) throws IOException {
        AtomicFile.write(target, content, AtomicFile.OWNER_ONLY);
    }
}
