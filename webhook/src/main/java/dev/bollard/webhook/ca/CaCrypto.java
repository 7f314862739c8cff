package dev.bollard.webhook.ca;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.quarkus.runtime.Startup;

import dev.bollard.webhook.ca.CaConfig.CryptoChoice;

/**
 * Chooses the CA's {@link CryptoProvider} at start, as {@code bollard.ca.crypto-provider} says,
 * then names it once in the log and in {@code bollard_ca_crypto_provider_info{provider}}.
 */
@ApplicationScoped
public class CaCrypto {
    private static final Logger LOG = Logger.getLogger(CaCrypto.class);

    @Produces
    @Singleton
    @Startup
    CryptoProvider crypto(CaConfig config, CaMetrics metrics) {
        return announce(config.cryptoProvider(), metrics);
    }

    static CryptoProvider announce(CryptoChoice choice, CaMetrics metrics) {
        CryptoProvider chosen = choose(choice);
        if (choice == CryptoChoice.ACCP && !chosen.id().equals(CryptoProvider.ACCP)) {
            LOG.warnf("CA crypto provider: %s; bollard.ca.crypto-provider=accp was asked for", chosen.description());
        } else {
            LOG.infof("CA crypto provider: %s", chosen.description());
        }
        metrics.cryptoProvider(chosen.id());
        return chosen;
    }

    /** Forcing Bouncy Castle never loads ACCP, so its native library stays out of the process. */
    static CryptoProvider choose(CryptoChoice choice) {
        return choice == CryptoChoice.AUTO ? CryptoProvider.chosen() : CryptoProviderSelection.select(choice, ProviderLoads.neededFor(choice));
    }
}
