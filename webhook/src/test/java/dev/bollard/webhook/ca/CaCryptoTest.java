package dev.bollard.webhook.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.bollard.webhook.ca.CaConfig.CryptoChoice;

class CaCryptoTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void autoPicksAccpOnThisPlatform() {
        CryptoProvider chosen = CryptoProvider.chosen();
        assertEquals(CryptoProvider.ACCP, chosen.id(), chosen.description());
        assertTrue(chosen.description().matches("ACCP \\d+\\.\\d+\\.\\d+ \\(native, linux-x86_64\\)"), chosen.description());
    }

    @Test
    void accpLoadsWithItsSelfTestAndRoundTrip() {
        ProviderLoad accp = ProviderLoads.accp();
        assertTrue(accp.isLoaded(), accp.detail());
    }

    @Test
    void namesTheChoiceOnceInTheLogAndInTheMetric() {
        List<String> lines = captureLog(() -> CaCrypto.announce(CryptoChoice.AUTO, new CaMetrics(registry)));
        assertEquals(List.of("CA crypto provider: " + CryptoProvider.chosen().description()), lines);
        assertEquals(1.0, gauge(CryptoProvider.ACCP).value());
    }

    @Test
    void forcedBouncyCastleIsLoggedAndCounted() {
        List<String> lines = captureLog(() -> {
            CryptoProvider chosen = CaCrypto.announce(CryptoChoice.BOUNCYCASTLE, new CaMetrics(registry));
            assertEquals(CryptoProvider.BOUNCY_CASTLE_ID, chosen.id());
        });
        assertEquals(List.of("CA crypto provider: Bouncy Castle (forced by bollard.ca.crypto-provider=bouncycastle)"), lines);
        assertEquals(1.0, gauge(CryptoProvider.BOUNCY_CASTLE_ID).value());
    }

    private Gauge gauge(String provider) {
        Gauge gauge = registry.find(CaMetrics.CRYPTO_PROVIDER).tag("provider", provider).gauge();
        assertNotNull(gauge, "bollard_ca_crypto_provider_info{provider=\"" + provider + "\"}");
        return gauge;
    }

    /** The CA's log lines, as JBoss Logging hands them to java.util.logging under the test's log manager. */
    private static List<String> captureLog(Runnable action) {
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                Object[] parameters = record.getParameters();
                lines.add(parameters == null ? record.getMessage() : String.format(record.getMessage(), parameters));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(CaCrypto.class.getName());
        logger.addHandler(handler);
        try {
            action.run();
        } finally {
            logger.removeHandler(handler);
        }
        return lines;
    }
}
