package dev.bollard.proxy.telemetry;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ProxyHealthTest {
    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    private static String write(ProxyHealth health) {
        StringBuilder out = new StringBuilder();
        health.write(out, NOW);
        return out.toString();
    }

    @Test
    void beforeTheFirstCertificateAndConfigurationOnlyTheStateIsReported() {
        String text = write(new ProxyHealth(Optional::empty, () -> false, () -> "", () -> 0, () -> false, () -> 0));

        assertFalse(text.contains("istio_agent_cert_expiry_seconds"), text);
        assertFalse(text.contains("bollard_proxy_config_info"), text);
        assertTrue(text.contains("\nenvoy_control_plane_connected_state 0\n"), text);
        assertTrue(text.contains("\nenvoy_listener_manager_total_listeners_active 0\n"), text);
        assertTrue(text.contains("\nbollard_proxy_ready 0\n"), text);
    }

    @Test
    void anExpiredCertificateHasNegativeSecondsLeft() {
        String text = write(new ProxyHealth(() -> Optional.of(NOW.minusSeconds(90)), () -> true, () -> "v7", () -> 2,
                () -> false, () -> 0));

        assertTrue(text.contains("\nistio_agent_cert_expiry_seconds{resource_name=\"default\"} -90\n"), text);
        assertTrue(text.contains("\nenvoy_server_days_until_first_cert_expiring -1\n"), text);
        assertTrue(text.contains("\nbollard_proxy_config_info{version=\"v7\"} 1\n"), text);
        assertTrue(text.contains("\nenvoy_control_plane_connected_state 1\n"), text);
    }

    @Test
    void aVersionFromTheControlPlaneIsEscaped() {
        String text = write(new ProxyHealth(Optional::empty, () -> true, () -> "a\"b\n", () -> 2, () -> true, () -> 0));

        assertTrue(text.contains("bollard_proxy_config_info{version=\"a\\\"b\\n\"} 1\n"), text);
    }

    @Test
    void processBasicsAreThereOnLinux() {
        StringBuilder out = new StringBuilder();
        ProcessMetrics.write(out);

        assertTrue(out.toString().contains("\nprocess_start_time_seconds "), out.toString());
        assertTrue(out.toString().contains("jvm_memory_used_bytes{area=\"heap\"}"), out.toString());
        assertTrue(ProcessMetrics.residentBytes() > 0);
    }
}
