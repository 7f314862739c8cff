package dev.bollard.proxy.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

import javax.net.ssl.SSLException;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;

/**
 * The workload's TLS material for the data plane, swapped atomically on every rotation: each
 * {@link #update} builds a new {@link TlsContexts} generation; connections that already started
 * keep theirs, so a rotation drops nothing.
 * <p>
 * <b>Provider.</b> {@link TlsProvider#AUTO} picks BoringSSL (netty-tcnative, {@code OPENSSL}) when
 * {@link OpenSsl#isAvailable()}, else the JDK's SSLEngine, and logs which and why. The choice rests
 * on {@code TlsBenchmark} (proxy/src/test: loopback, Netty epoll, one event loop thread per side,
 * EC P-256 workload certificates, mutual TLS 1.3 exactly as {@link TlsContexts} builds it, JDK 17,
 * 2 shared cores under a load average of about 10, so absolute numbers are noisy; the second,
 * warmed-up rounds of a 5 s and a 10 s run):
 * <pre>
 *                        mTLS handshakes/s (sequential)   bulk, one connection
 *   OPENSSL (BoringSSL)        336 - 349                      470 - 493 MiB/s
 *   JDK SSLEngine               38 -  55                      253 - 375 MiB/s
 * </pre>
 * BoringSSL does 6-9x the handshakes (a sidecar handshakes for every new connection, and
 * short-lived connections are the common case between services) and about 1.3-1.9x the bulk
 * throughput; cold, before the JIT warmed up, the JDK engine managed 19-28 MiB/s. So BoringSSL is
 * the default wherever the native library loads (the sidecar image is linux-x86_64, where it does);
 * the JDK engine stays as the fallback so that the proxy still serves where the native file cannot
 * load, and as {@code --tls-provider jdk}.
 */
public final class WorkloadTls {
    private static final Logger LOG = Logger.getLogger(WorkloadTls.class.getName());

    private final SslProvider provider;
    private final AtomicReference<TlsContexts> current = new AtomicReference<>();

    public WorkloadTls(TlsProvider provider) {
        this.provider = resolve(provider);
    }

    /** New key, chain (leaf first) and the roots peers must chain to; open connections keep theirs. */
    public void update(PrivateKey key, List<X509Certificate> chain, List<X509Certificate> trustedRoots) {
        try {
            current.set(TlsContexts.build(provider, key, chain, trustedRoots));
        } catch (SSLException e) {
            throw new IllegalArgumentException("TLS: cannot build contexts from the workload certificate: " + e.getMessage(), e);
        }
    }

    /** True once a certificate has been installed. */
    public boolean ready() {
        return current.get() != null;
    }

    /** The generation a new connection uses; empty before the first certificate. */
    public Optional<TlsContexts> current() {
        return Optional.ofNullable(current.get());
    }

    /** The TLS implementation in use (never AUTO). */
    public SslProvider provider() {
        return provider;
    }

    static SslProvider resolve(TlsProvider requested) {
        switch (requested) {
            case JDK:
                LOG.info("TLS provider: JDK SSLEngine (requested)");
                return SslProvider.JDK;
            case OPENSSL:
                if (!OpenSsl.isAvailable()) {
                    throw new IllegalStateException("TLS provider openssl requested, but BoringSSL (netty-tcnative) "
                            + "does not load here: " + OpenSsl.unavailabilityCause());
                }
                LOG.info("TLS provider: BoringSSL " + OpenSsl.versionString() + " (requested)");
                return SslProvider.OPENSSL;
            default:
                if (OpenSsl.isAvailable()) {
                    LOG.info("TLS provider: BoringSSL " + OpenSsl.versionString()
                            + " (auto: the native library loads; faster handshakes and bulk encryption than the JDK)");
                    return SslProvider.OPENSSL;
                }
                LOG.warning("TLS provider: JDK SSLEngine (auto: BoringSSL does not load here: "
                        + OpenSsl.unavailabilityCause() + ")");
                return SslProvider.JDK;
        }
    }
}
