package dev.bollard.webhook.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.Provider;
import java.util.List;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;

import dev.bollard.webhook.ca.CaConfig.CryptoChoice;

class CryptoProviderSelectionTest {
    private static final Provider NATIVE = new Provider("FakeNative", "1.0", "stands in for ACCP") {
    };
    private static final ProviderLoad ACCP_LOADED = ProviderLoad.loaded(CryptoProvider.ACCP, NATIVE, "ACCP 2.5.0 (native, linux-x86_64)");
    private static final ProviderLoad ACCP_FAILED = ProviderLoad.failed(CryptoProvider.ACCP,
            "native library did not load: UnsatisfiedLinkError: libamazonCorrettoCryptoProvider.so");
    private static final ProviderLoad BOUNCY_CASTLE = ProviderLoad.loaded(CryptoProvider.BOUNCY_CASTLE_ID, new BouncyCastleProvider(),
            "Bouncy Castle");

    @Test
    void autoPicksAccpWhenItLoaded() {
        CryptoProvider chosen = CryptoProviderSelection.select(CryptoChoice.AUTO, List.of(ACCP_LOADED, BOUNCY_CASTLE));
        assertEquals(CryptoProvider.ACCP, chosen.id());
        assertSame(NATIVE, chosen.provider());
        assertEquals("ACCP 2.5.0 (native, linux-x86_64)", chosen.description());
    }

    @Test
    void autoFallsBackToBouncyCastleNamingWhyAccpFailed() {
        CryptoProvider chosen = CryptoProviderSelection.select(CryptoChoice.AUTO, List.of(ACCP_FAILED, BOUNCY_CASTLE));
        assertEquals(CryptoProvider.BOUNCY_CASTLE_ID, chosen.id());
        assertEquals("Bouncy Castle (ACCP unavailable: native library did not load: UnsatisfiedLinkError: "
                + "libamazonCorrettoCryptoProvider.so)", chosen.description());
    }

    @Test
    void forcedAccpThatCannotLoadFallsBackWithTheReason() {
        CryptoProvider chosen = CryptoProviderSelection.select(CryptoChoice.ACCP, List.of(ACCP_FAILED, BOUNCY_CASTLE));
        assertEquals(CryptoProvider.BOUNCY_CASTLE_ID, chosen.id());
        assertTrue(chosen.description().contains("ACCP unavailable: native library did not load"), chosen.description());
    }

    @Test
    void forcedBouncyCastleWinsOverALoadedAccp() {
        CryptoProvider chosen = CryptoProviderSelection.select(CryptoChoice.BOUNCYCASTLE, List.of(ACCP_LOADED, BOUNCY_CASTLE));
        assertEquals(CryptoProvider.BOUNCY_CASTLE_ID, chosen.id());
        assertEquals("Bouncy Castle (forced by bollard.ca.crypto-provider=bouncycastle)", chosen.description());
    }

    @Test
    void aMissingAccpCandidateIsAFallbackWithAReason() {
        CryptoProvider chosen = CryptoProviderSelection.select(CryptoChoice.AUTO, List.of(BOUNCY_CASTLE));
        assertEquals("Bouncy Castle (ACCP unavailable: not among the candidates)", chosen.description());
    }

    @Test
    void withoutAccpOrBouncyCastleThereIsNoChoice() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> CryptoProviderSelection.select(CryptoChoice.AUTO,
                List.of(ACCP_FAILED, ProviderLoad.failed(CryptoProvider.BOUNCY_CASTLE_ID, "class not found"))));
        assertTrue(e.getMessage().contains("Bouncy Castle did not load: class not found"), e.getMessage());
    }

    @Test
    void aLoadedAccpNeedsNoBouncyCastle() {
        CryptoProvider chosen = CryptoProviderSelection.select(CryptoChoice.AUTO, List.of(ACCP_LOADED));
        assertEquals(CryptoProvider.ACCP, chosen.id());
    }
}
