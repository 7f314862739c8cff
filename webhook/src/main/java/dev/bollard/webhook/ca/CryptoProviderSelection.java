package dev.bollard.webhook.ca;

import java.util.List;

import dev.bollard.webhook.ca.CaConfig.CryptoChoice;

/**
 * Picks the CA's provider from the candidates and their load results: a pure function, so the
 * fallback can be tested with a candidate that failed to load. ACCP wins when it loaded (the
 * load includes its self-test and a sign/verify round trip); Bouncy Castle, which always loads,
 * is the fallback and names the reason ACCP could not be used.
 */
final class CryptoProviderSelection {
    static final String BOUNCY_CASTLE_NAME = "Bouncy Castle";

    private CryptoProviderSelection() {
    }

    static CryptoProvider select(CryptoChoice choice, List<ProviderLoad> candidates) {
        if (choice != CryptoChoice.BOUNCYCASTLE) {
            ProviderLoad accp = find(candidates, CryptoProvider.ACCP);
            if (accp.isLoaded()) {
                return chosen(accp, accp.detail());
            }
        }
        // Bouncy Castle only matters when it is chosen: it is not even constructed when ACCP loaded
        ProviderLoad bouncyCastle = find(candidates, CryptoProvider.BOUNCY_CASTLE_ID);
        if (!bouncyCastle.isLoaded()) {
            throw new IllegalStateException("CA crypto provider: Bouncy Castle did not load: " + bouncyCastle.detail());
        }
        if (choice == CryptoChoice.BOUNCYCASTLE) {
            return chosen(bouncyCastle, BOUNCY_CASTLE_NAME + " (forced by bollard.ca.crypto-provider=bouncycastle)");
        }
        return chosen(bouncyCastle, BOUNCY_CASTLE_NAME + " (ACCP unavailable: " + find(candidates, CryptoProvider.ACCP).detail() + ")");
    }

    private static CryptoProvider chosen(ProviderLoad load, String description) {
        return new CryptoProvider(load.id(), load.provider().orElseThrow(), description);
    }

    private static ProviderLoad find(List<ProviderLoad> candidates, String id) {
        return candidates.stream().filter(c -> c.id().equals(id)).findFirst()
                .orElse(ProviderLoad.failed(id, "not among the candidates"));
    }
}
