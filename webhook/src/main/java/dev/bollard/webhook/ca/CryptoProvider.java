package dev.bollard.webhook.ca;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Objects;

/**
 * The JCA provider the CA signs and verifies with, chosen once by {@link CryptoProviderSelection}:
 * Amazon Corretto Crypto Provider (AWS-LC, native) where it loads and passes its self-test, Bouncy
 * Castle (pure Java) otherwise. An instance, never registered globally, so the TLS stack and
 * everything else keep the JDK's providers.
 *
 * @param id          {@link #ACCP} or {@link #BOUNCY_CASTLE_ID}, the metric's {@code provider} tag
 * @param provider    the instance to pass to {@code getInstance(..., provider)}
 * @param description what the log names, with the reason when this is the fallback
 */
public record CryptoProvider(String id, Provider provider, String description) {
    public static final String ACCP = "accp";
    public static final String BOUNCY_CASTLE_ID = "bouncycastle";

    public CryptoProvider {
        Objects.requireNonNull(id, "provider id");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(description, "provider description");
    }

    /**
     * The provider this process ships with, chosen automatically (ACCP if healthy, else Bouncy
     * Castle), loaded on first call and then cached. The stable entry point for benchmarks that
     * measure the crypto ceiling; the webhook itself honours {@code bollard.ca.crypto-provider}.
     */
    public static CryptoProvider chosen() {
        return Automatic.CHOICE;
    }

    /**
     * The key as this provider's own key object, re-read from its PKCS#8 encoding: a provider signs
     * several times slower with a foreign one (Bouncy Castle with SunEC keys: 3.2x), so the CA
     * converts its key once per loaded CA.
     */
    public PrivateKey own(PrivateKey key) {
        try {
            return KeyFactory.getInstance(key.getAlgorithm(), provider).generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("convert the " + key.getAlgorithm() + " CA key for " + description, e);
        }
    }

    /** A public key from its DER SubjectPublicKeyInfo, as this provider's own key object. */
    public PublicKey publicKey(String algorithm, byte[] spki) throws GeneralSecurityException {
        return KeyFactory.getInstance(algorithm, provider).generatePublic(new X509EncodedKeySpec(spki));
    }

    /** Holder idiom: the automatic choice is made once, on first use, without a lock on each call. */
    private static final class Automatic {
        static final CryptoProvider CHOICE = CryptoProviderSelection.select(CaConfig.CryptoChoice.AUTO,
                ProviderLoads.neededFor(CaConfig.CryptoChoice.AUTO));
    }
}
