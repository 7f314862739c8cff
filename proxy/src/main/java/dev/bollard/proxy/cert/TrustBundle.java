package dev.bollard.proxy.cert;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

import io.netty.handler.ssl.SslContext;

import dev.bollard.identity.Pem;

/**
 * The mesh root(s) from {@code --root-cert}: the only anchors for the CA's TLS certificate and for
 * the chains it issues. A file may hold several roots while a root rotation is under way.
 */
public record TrustBundle(List<X509Certificate> roots) {
    public TrustBundle {
        roots = List.copyOf(roots);
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("trust bundle holds no root certificate");
        }
    }

    /** Reads the file on every call: the root ConfigMap a pod mounts changes in place on rotation. */
    public static TrustBundle load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("--root-cert " + file + " does not exist", e);
        } catch (IOException e) {
            throw new UncheckedIOException("read --root-cert " + file + ": " + e.getMessage(), e);
        }
        return new TrustBundle(Pem.certificates(text, "--root-cert " + file));
    }

    public boolean contains(X509Certificate cert) {
        return roots.contains(cert);
    }

    /** TLS that trusts these roots and nothing else: not the JDK's cacerts. */
    SslContext sslContext() {
        return HttpsClientContexts.client(null, List.of(), roots);
    }
}
