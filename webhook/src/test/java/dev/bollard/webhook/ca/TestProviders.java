package dev.bollard.webhook.ca;

import java.util.stream.Stream;

import dev.bollard.webhook.ca.CaConfig.CryptoChoice;

/** Both CA providers, for tests that must hold under either (ACCP loads on the machines the tests run on). */
public final class TestProviders {
    private TestProviders() {
    }

    /** ACCP (as auto picks it here) and forced Bouncy Castle, as a {@code @MethodSource}. */
    public static Stream<CryptoProvider> both() {
        return Stream.of(CaCrypto.choose(CryptoChoice.AUTO), CaCrypto.choose(CryptoChoice.BOUNCYCASTLE));
    }
}
