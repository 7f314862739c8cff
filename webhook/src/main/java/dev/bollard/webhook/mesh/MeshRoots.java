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

    MeshRoots(CaStore ca) {
        this.ca = ca;
    }

    /** Empty while the CA cannot be loaded (every client certificate is then refused). */
    public List<X509Certificate> current() {
        try {
            return List.of(toX509(ca.current().root()));
        } catch (CaRefusedException e) {
            return List.of();
        }
    }

    static X509Certificate toX509(X509CertificateHolder holder) {
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException e) {
            throw new IllegalStateException("decode CA root " + holder.getSubject(), e);
        }
    }
}
