package dev.bollard.webhook.mesh;

import java.net.Socket;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

import jakarta.enterprise.context.ApplicationScoped;

import dev.bollard.webhook.ops.OpsConfig;
import io.quarkus.tls.runtime.TrustStoreAndTrustOptions;
import io.quarkus.tls.runtime.TrustStoreProvider;
import io.smallrye.common.annotation.Identifier;
import io.vertx.core.Vertx;
import io.vertx.core.net.TrustOptions;

/**
 * The trust side of the serving TLS configuration, which asks clients for a certificate
 * ({@code quarkus.http.ssl.client-auth=request}) without requiring one: the API server and CA
 * clients send none. The handshake accepts any certificate the client proves it holds the key of;
 * whether it is a mesh workload's is decided by {@link WorkloadCertificates} in the feed, against
 * the CA's root at that moment, so a rotated root needs no TLS reload and a stranger gets a JSON
 * 401 instead of a TLS alert. The CertificateRequest names the current root, so clients holding
 * several certificates pick the workload one.
 */
@ApplicationScoped
@Identifier(OpsConfig.TLS_CONFIGURATION)
public class MeshClientTrust implements TrustStoreProvider {
    private final MeshRoots roots;

    MeshClientTrust(MeshRoots roots) {
        this.roots = roots;
    }

    @Override
    public TrustStoreAndTrustOptions getTrustStore(Vertx vertx) {
        try {
            KeyStore empty = KeyStore.getInstance("PKCS12");
            empty.load(null, null);
            return new TrustStoreAndTrustOptions(empty, TrustOptions.wrap(new AnyClient()));
        } catch (Exception e) {
            throw new IllegalStateException("create the client trust store of the serving TLS configuration", e);
        }
    }

    private final class AnyClient extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("the serving TLS configuration does not act as a client");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return roots.loaded().toArray(X509Certificate[]::new);
        }
    }
}
