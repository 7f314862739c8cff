package dev.bollard.proxy.cert;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * JDK TLS client contexts for the sidecar's own HTTPS calls (the CA, the control plane feed):
 * trust only the given mesh roots, never the JDK's cacerts, and present the workload
 * certificate from memory when there is one. (The data plane builds its Netty contexts itself.)
 */
public final class HttpsClientContexts {
    private static final char[] NO_PASSWORD = new char[0];

    private HttpsClientContexts() {
    }

    /**
     * @param key   the workload key, or null for no client certificate (the CA call: the token authenticates)
     * @param chain leaf first; ignored without a key
     */
    public static SSLContext client(PrivateKey key, List<X509Certificate> chain, List<X509Certificate> roots) {
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            for (int i = 0; i < roots.size(); i++) {
                trusted.setCertificateEntry("root-" + i, roots.get(i));
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            KeyManagerFactory keys = null;
            if (key != null) {
                KeyStore own = KeyStore.getInstance("PKCS12");
                own.load(null, null);
                own.setKeyEntry("workload", key, NO_PASSWORD, chain.toArray(new X509Certificate[0]));
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(own, NO_PASSWORD);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("build TLS context from the mesh root", e);
        }
    }
}
