package dev.bollard.proxy.cert;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.bollard.identity.AtomicFile;
import dev.bollard.identity.Keys;
import dev.bollard.identity.Pem;

/**
 * The three files the proxy reads, in the layout Istio's agent uses: {@code key.pem} (0600),
 * {@code cert-chain.pem} (leaf, then intermediates) and {@code root-cert.pem} (both 0644). Each
 * file is replaced atomically ({@link AtomicFile}): a temp file in the same directory, fsynced,
 * then renamed over it.
 */
final class CertificateFiles {
    static final String KEY = "key.pem";
    static final String CERT_CHAIN = "cert-chain.pem";
    static final String ROOT_CERT = "root-cert.pem";
    static final Set<PosixFilePermission> SECRET = AtomicFile.OWNER_ONLY;
    static final Set<PosixFilePermission> PUBLIC = AtomicFile.WORLD_READABLE;

    private final Path dir;

    CertificateFiles(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /**
     * Writes root, then key, then chain. The chain goes last because it is the commit point:
     * readers wait for cert-chain.pem to appear and reload when it changes (Envoy's SDS file
     * watch, Istio's agent), so when they see the new chain, the key it certifies and the root it
     * chains to are already in place. The other order would publish a certificate whose key is
     * not on disk yet. A reader that loads in the single rename between key and chain gets a
     * mismatched pair and must reject it (as Envoy does); the chain's rename then triggers its
     * reload. Three separate files cannot be swapped in one step without symlinks, which would
     * change what {@code stat key.pem} reports.
     */
    void write(Credentials credentials) {
        try {
            Files.createDirectories(dir);
            AtomicFile.write(dir.resolve(ROOT_CERT), Pem.encode(List.of(credentials.root())), PUBLIC);
            AtomicFile.write(dir.resolve(KEY), Pem.encode(credentials.key()), SECRET);
            AtomicFile.write(dir.resolve(CERT_CHAIN), Pem.encode(credentials.chain()), PUBLIC);
            AtomicFile.syncDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("write certificate files to " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Why the files do not hold a usable certificate right now, or empty when they do: the chain
     * parses, its leaf is within its validity window, and key.pem holds the leaf's private key.
     */
    Optional<String> problem(Instant now) {
        try {
            List<X509Certificate> chain = Pem.certificates(read(CERT_CHAIN), CERT_CHAIN);
            X509Certificate leaf = chain.get(0);
            if (now.isBefore(leaf.getNotBefore().toInstant())) {
                return Optional.of("certificate not valid before " + leaf.getNotBefore().toInstant());
            }
            if (!now.isBefore(leaf.getNotAfter().toInstant())) {
                return Optional.of("certificate expired at " + leaf.getNotAfter().toInstant());
            }
            PrivateKey key = Pem.privateKey(read(KEY), KEY);
            if (!Keys.matches(key, leaf.getPublicKey())) {
                return Optional.of(KEY + " does not match the leaf of " + CERT_CHAIN);
            }
            return Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.of(dir.relativize(Path.of(e.getFile())) + " does not exist yet");
        } catch (IOException | RuntimeException e) {
            return Optional.of(e.getMessage());
        }
    }

    private String read(String name) throws IOException {
        return Files.readString(dir.resolve(name), StandardCharsets.US_ASCII);
    }
}
