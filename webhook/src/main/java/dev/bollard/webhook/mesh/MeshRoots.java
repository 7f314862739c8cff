package dev.bollard.webhook.mesh;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;

import dev.bollard.webhook.ca.CaBundle;
import dev.bollard.webhook.ca.CaRefusedException;
import dev.bollard.webhook.ca.store.CaStore;

/**
 * The workload CA's current root(s), as JCA certificates for chain checks, and the intermediates
 * between its signing certificate and the root (a plug-in CA signs with an intermediate, and a
 * proxy may present its leaf alone).
 */
@ApplicationScoped
public class MeshRoots {
    private final CaStore ca;
    // converted once per CA bundle, not on every handshake and feed request
    private volatile Converted converted;

    /** What chain checks need of one CA bundle. */
    public record Trust(List<X509Certificate> roots, List<X509Certificate> intermediates) {
        static final Trust NONE = new Trust(List.of(), List.of());
    }

    private record Converted(CaBundle bundle, Trust trust) {
    }

    MeshRoots(CaStore ca) {
        this.ca = ca;
    }

    /** Empty while the CA cannot be loaded (every client certificate is then refused). */
    public List<X509Certificate> current() {
        return trust().roots();
    }

    /** The roots and intermediates of the current CA; both empty while it cannot be loaded. */
    public Trust trust() {
        try {
            return convert(ca.current());
        } catch (CaRefusedException e) {
            return Trust.NONE;
        }
    }

    /** The root if the CA is loaded, without loading it: what a TLS handshake may ask. */
    public List<X509Certificate> loaded() {
        Optional<CaBundle> bundle = ca.loaded();
        return bundle.map(b -> convert(b).roots()).orElse(List.of());
    }

    private Trust convert(CaBundle bundle) {
        Converted last = converted;
        if (last == null || last.bundle() != bundle) {
            last = new Converted(bundle, new Trust(List.of(toX509(bundle.root())),
                    bundle.chainAboveLeaf().stream().map(MeshRoots::toX509).toList()));
            converted = last;
        }
        return last.trust();
    }

    static X509Certificate toX509(X509CertificateHolder holder) {
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException e) {
            throw new IllegalStateException("decode CA certificate " + holder.getSubject(), e);
        }
    }
}
