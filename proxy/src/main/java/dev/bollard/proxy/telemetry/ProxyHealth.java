package dev.bollard.proxy.telemetry;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The proxy's own health as metrics, read from where the facts live at scrape time (no polling, no
 * copies). Istio's and Envoy's names where they have one:
 * {@code istio_agent_cert_expiry_seconds} (pilot-agent: seconds left on the workload certificate,
 * negative once expired), {@code envoy_server_days_until_first_cert_expiring},
 * {@code envoy_control_plane_connected_state} (0/1), {@code envoy_listener_manager_total_listeners_active};
 * ours otherwise: the applied configuration version as an info metric (one series: only the
 * current version), readiness, and the connection log lines dropped.
 *
 * @param certificateNotAfter the installed workload certificate's NotAfter, empty before the first
 * @param configVersion       the applied snapshot's version, empty before the first
 * @param listeners           data plane listeners bound (inbound and outbound), 0 before they are
 */
public record ProxyHealth(Supplier<Optional<Instant>> certificateNotAfter, BooleanSupplier controlPlaneConnected,
                          Supplier<String> configVersion, LongSupplier listeners, BooleanSupplier ready,
                          LongSupplier logLinesDropped) {
    public ProxyHealth {
        Objects.requireNonNull(certificateNotAfter, "certificateNotAfter");
        Objects.requireNonNull(controlPlaneConnected, "controlPlaneConnected");
        Objects.requireNonNull(configVersion, "configVersion");
        Objects.requireNonNull(listeners, "listeners");
        Objects.requireNonNull(ready, "ready");
        Objects.requireNonNull(logLinesDropped, "logLinesDropped");
    }

    public void write(StringBuilder out, Instant now) {
        Optional<Instant> notAfter = certificateNotAfter.get();
        notAfter.ifPresent(end -> {
            double seconds = Duration.between(now, end).toMillis() / 1000.0;
            Gauges.labelled(out, "istio_agent_cert_expiry_seconds", "gauge",
                    "The time remaining, in seconds, before the workload certificate expires; negative once it has.",
                    List.of("resource_name"), List.of(List.of("default")), List.of(seconds));
            Gauges.one(out, "envoy_server_days_until_first_cert_expiring", "gauge",
                    "Whole days until the workload certificate expires.", Math.floor(seconds / 86_400));
            Gauges.one(out, "bollard_proxy_cert_expiry_timestamp_seconds", "gauge",
                    "NotAfter of the installed workload certificate, Unix seconds.", end.getEpochSecond());
        });
        Gauges.one(out, "envoy_control_plane_connected_state", "gauge",
                "1 while the control plane feed is connected, 0 otherwise.", controlPlaneConnected.getAsBoolean() ? 1 : 0);
        String version = configVersion.get();
        if (!version.isEmpty()) {
            Gauges.labelled(out, "bollard_proxy_config_info", "gauge",
                    "The control plane configuration applied now (value 1, the version as a label).",
                    List.of("version"), List.of(List.of(version)), List.of(1.0));
        }
        Gauges.one(out, "envoy_listener_manager_total_listeners_active", "gauge",
                "Data plane listeners bound (inbound and outbound).", listeners.getAsLong());
        Gauges.one(out, "bollard_proxy_ready", "gauge", "1 when /healthz/ready answers 200.", ready.getAsBoolean() ? 1 : 0);
        Gauges.one(out, "bollard_connection_log_dropped_lines_total", "counter",
                "Connection log lines dropped because standard output did not keep up.", logLinesDropped.getAsLong());
    }
}
