package dev.bollard.webhook.mesh;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;

import dev.bollard.webhook.ca.CaRefusedException;
import dev.bollard.webhook.ca.CaStore;

/** The workload CA's current root(s), as JCA certificates for chain checks. */
@ApplicationScoped
public class MeshRoots {
    private final CaStore ca;
    // the root converted once per root, not on every handshake and feed request
    private volatile Converted converted;

    private record Converted(X509CertificateHolder holder, X509Certificate certificate) {
    }

    MeshRoots(CaStore ca) {
        this.ca = ca;
    }

    /** Empty while the CA cannot be loaded (every client certificate is then refused). */
    public List<X509Certificate> current() {
        try {
            return List.of(convert(ca.current().root()));
        } catch (CaRefusedException e) {
            return List.of();
        }
    }

    /** The root if the CA is loaded, without loading it: what a TLS handshake may ask. */
    public List<X509Certificate> loaded() {
        return ca.loaded().map(bundle -> List.of(convert(bundle.root()))).orElse(List.of());
    }

    private X509Certificate convert(X509CertificateHolder root) {
        Converted last = converted;
        if (last == null || !last.holder().equals(root)) {
            last = new Converted(root, toX509(root));
            converted = last;
        }
        return last.certificate();
    }

    static X509Certificate toX509(X509CertificateHolder holder) {
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException e) {
            throw new IllegalStateException("decode CA root " + holder.getSubject(), e);
        }
    }
}
