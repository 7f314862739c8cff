package dev.bollard.webhook.serving;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.spec.PBEParameterSpec;
import javax.net.ssl.KeyManagerFactory;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.tls.runtime.KeyStoreAndKeyCertOptions;
import io.quarkus.tls.runtime.KeyStoreProvider;
import io.smallrye.common.annotation.Identifier;
import io.vertx.core.Vertx;
import io.vertx.core.net.KeyCertOptions;
import dev.bollard.identity.Pem;
import dev.bollard.webhook.ops.OpsConfig;

/**
 * Hands the TLS registry configuration {@value OpsConfig#TLS_CONFIGURATION} the current serving
 * pair from memory. The registry asks again on every {@code TlsConfiguration.reload()}, which is
 * how {@link ServingCertificateRenewer} swaps certificates without a restart.
 *
 * <p>Why not Vert.x's {@code PemKeyCertOptions}: it puts the key into a PKCS#12 store under the
 * JDK's default protection, 10,000 rounds of PBKDF2, and decrypts it again for every key manager it
 * builds (the registry's check at start, the listener, each reload): a tenth of a second of CPU
 * at start, most of it before the JIT has compiled SHA-256, for a store that never leaves the
 * process. Here the store and the key manager are built once per pair, the key under one round.
 */
@ApplicationScoped
@Identifier(OpsConfig.TLS_CONFIGURATION)
public class ServingKeyStore implements KeyStoreProvider {
    static final String ALIAS = "serving";
    // the PKCS#12 key protection of the JDK's default, with one round: an in-memory store only
    private static final String PROTECTION = "PBEWithHmacSHA256AndAES_256";
    private static final int ROUNDS = 1;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ServingCertificates certificates;

    ServingKeyStore(ServingCertificates certificates) {
        this.certificates = certificates;
    }

    @Override
    public KeyStoreAndKeyCertOptions getKeyStore(Vertx vertx) {
        ServingPair pair = certificates.current();
        try {
            char[] password = password();
            KeyStore store = storeOf(pair, password);
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(store, password);
            return new KeyStoreAndKeyCertOptions(store, KeyCertOptions.wrap(keyManagers));
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            throw new IllegalStateException("load serving certificate " + pair + " into a key store", e);
        }
    }

    /** The pair as the single key entry {@value #ALIAS} of an in-memory PKCS#12 store. */
    static KeyStore storeOf(ServingPair pair, char[] password) throws GeneralSecurityException, IOException {
        PrivateKey key = Pem.privateKey(pair.keyPem(), "serving private key");
        List<X509Certificate> chain = Pem.certificates(pair.chainPem(), "serving certificate chain");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        store.setEntry(ALIAS, new KeyStore.PrivateKeyEntry(key, chain.toArray(X509Certificate[]::new)),
                new KeyStore.PasswordProtection(password, PROTECTION, new PBEParameterSpec(salt, ROUNDS)));
        return store;
    }

    private static char[] password() {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random).toCharArray();
    }
}
