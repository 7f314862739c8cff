package dev.bollard.proxy.cert;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.SSLException;

import dev.bollard.proxy.tls.TlsContexts;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

/**
 * TLS client contexts for the sidecar's own HTTPS calls (the CA, the control plane feed): trust
 * only the given mesh roots, never the JDK's cacerts, check the server's name as an HTTPS client
 * does, and present the workload certificate from memory when there is one. Netty contexts on
 * BoringSSL where it loads, as the data plane's: the JDK HTTP client and JDK TLS these calls used
 * before cost ~1,380 loaded classes of an idle sidecar's footprint (README, "Footprint").
 */
public final class HttpsClientContexts {
    private HttpsClientContexts() {
    }

    /**
     * @param key   the workload key, or null for no client certificate (the CA call: the token authenticates)
     * @param chain leaf first; ignored without a key
     */
    public static SslContext client(PrivateKey key, List<X509Certificate> chain, List<X509Certificate> roots) {
        try {
            SslContextBuilder builder = SslContextBuilder.forClient()
                    .sslProvider(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK)
                    .trustManager(roots.toArray(X509Certificate[]::new))
                    .endpointIdentificationAlgorithm("HTTPS");
            if (key != null) {
                builder.keyManager(key, chain.toArray(X509Certificate[]::new)).keyStoreType(TlsContexts.KEY_HANDOVER_STORE);
            }
            return builder.build();
        } catch (SSLException e) {
            throw new IllegalStateException("build TLS context from the mesh root", e);
        }
    }
}
