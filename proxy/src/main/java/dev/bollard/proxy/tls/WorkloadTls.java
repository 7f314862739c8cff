package dev.bollard.proxy.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The workload's TLS material for the data plane, swapped atomically on every rotation.
 * (Interface stub: the data plane issue fills it in.)
 */
public final class WorkloadTls {
    private final TlsProvider provider;

    public WorkloadTls(TlsProvider provider) {
        this.provider = provider;
    }

    /** New key, chain (leaf first) and the roots peers must chain to; open connections keep theirs. */
    public void update(PrivateKey key, List<X509Certificate> chain, List<X509Certificate> trustedRoots) {
        throw new UnsupportedOperationException("not built yet");
    }

    /** True once a certificate has been installed. */
    public boolean ready() {
        return false;
    }
}
