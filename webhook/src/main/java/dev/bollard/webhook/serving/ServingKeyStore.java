package dev.bollard.webhook.serving;

import java.nio.charset.StandardCharsets;
import java.security.KeyStore;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.tls.runtime.KeyStoreAndKeyCertOptions;
import io.quarkus.tls.runtime.KeyStoreProvider;
import io.smallrye.common.annotation.Identifier;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import dev.bollard.webhook.ops.OpsConfig;

/**
 * Hands the TLS registry configuration {@value OpsConfig#TLS_CONFIGURATION} the current serving
 * pair from memory. The registry asks again on every {@code TlsConfiguration.reload()}, which is
 * how {@link ServingCertificateRenewer} swaps certificates without a restart.
 */
@ApplicationScoped
@Identifier(OpsConfig.TLS_CONFIGURATION)
public class ServingKeyStore implements KeyStoreProvider {
    private final ServingCertificates certificates;

    ServingKeyStore(ServingCertificates certificates) {
        this.certificates = certificates;
    }

    @Override
    public KeyStoreAndKeyCertOptions getKeyStore(Vertx vertx) {
        ServingPair pair = certificates.current();
        PemKeyCertOptions options = new PemKeyCertOptions()
                .setKeyValue(Buffer.buffer(pair.keyPem().getBytes(StandardCharsets.US_ASCII)))
                .setCertValue(Buffer.buffer(pair.chainPem().getBytes(StandardCharsets.US_ASCII)));
        try {
            KeyStore store = options.loadKeyStore(vertx);
            return new KeyStoreAndKeyCertOptions(store, options);
        } catch (Exception e) {
            throw new IllegalStateException("load serving certificate " + pair + " into a key store", e);
        }
    }
}
