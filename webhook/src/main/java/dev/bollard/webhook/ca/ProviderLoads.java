package dev.bollard.webhook.ca;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.Locale;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

import dev.bollard.webhook.ca.CaConfig.CryptoChoice;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;

/**
 * Loads the candidate providers: the impure edge of {@link CryptoProviderSelection}. ACCP counts as
 * loaded only when its native library loaded, its self-tests pass ({@code assertHealthy}) and a
 * P-256 sign/verify round trip with its own keys works; any failure becomes the reason.
 */
final class ProviderLoads {
    private static final byte[] PROBE = "bollard CA provider check".getBytes(StandardCharsets.US_ASCII);

    private ProviderLoads() {
    }

    /**
     * ACCP first, then Bouncy Castle (the order of preference): the candidates {@link CryptoProviderSelection} needs for {@code choice}, loading no more than
     * that: constructing a {@link BouncyCastleProvider} costs about half a second of start (it
     * registers every algorithm, each class read from a signed jar), so it is loaded only to be
     * forced or to stand in for an ACCP that did not load; forcing it never loads ACCP.
     */
    static List<ProviderLoad> neededFor(CryptoChoice choice) {
        if (choice == CryptoChoice.BOUNCYCASTLE) {
            return List.of(bouncyCastle());
        }
        ProviderLoad accp = accp();
        return accp.isLoaded() ? List.of(accp) : List.of(accp, bouncyCastle());
    }

    static ProviderLoad bouncyCastle() {
        return ProviderLoad.loaded(CryptoProvider.BOUNCY_CASTLE_ID, new BouncyCastleProvider(), CryptoProviderSelection.BOUNCY_CASTLE_NAME);
    }

    static ProviderLoad accp() {
        try {
            AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
            Throwable loading = accp.getLoadingError();
            if (loading != null) {
                return ProviderLoad.failed(CryptoProvider.ACCP, "native library did not load: " + reason(loading));
            }
            accp.assertHealthy();
            roundTrip(accp);
            return ProviderLoad.loaded(CryptoProvider.ACCP, accp, "ACCP " + accp.getVersionStr() + " (native, " + platform() + ")");
        } catch (LinkageError | RuntimeException | GeneralSecurityException e) {
            // LinkageError: the jar is missing (a build without it) or built for another platform
            return ProviderLoad.failed(CryptoProvider.ACCP, reason(e));
        }
    }

    /** Signs and verifies a probe with a fresh P-256 key of the provider's own making. */
    static void roundTrip(Provider provider) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", provider);
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair key = generator.generateKeyPair();
        Signature signer = Signature.getInstance("SHA256withECDSA", provider);
        signer.initSign(key.getPrivate());
        signer.update(PROBE);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA", provider);
        verifier.initVerify(key.getPublic());
        verifier.update(PROBE);
        if (!verifier.verify(signature)) {
            throw new GeneralSecurityException("P-256 sign/verify round trip failed");
        }
    }

    private static String reason(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message.replaceAll("\\s+", " ").trim());
    }

    /** As the jar classifiers spell it: linux-x86_64, linux-aarch_64. */
    private static String platform() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        return os + "-" + switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch_64";
            default -> arch;
        };
    }
}
