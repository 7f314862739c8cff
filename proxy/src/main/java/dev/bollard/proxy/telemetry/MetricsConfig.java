package dev.bollard.proxy.telemetry;

import java.util.Objects;

/**
 * Settings of the Prometheus endpoint and of Istio's standard metrics.
 *
 * @param port         where {@code /stats/prometheus} is served (Envoy's 15090); 0 turns metrics off
 * @param seriesLimit  distinct label sets per metric before new ones fold into the overflow series (default 2,000)
 * @param cluster      the {@code source_cluster}/{@code destination_cluster} of this mesh's workloads
 *                     (Istio's {@code CLUSTER_ID}, by default {@code Kubernetes})
 * @param domainSuffix the cluster's DNS suffix in {@code destination_service} hosts (default {@code cluster.local})
 */
public record MetricsConfig(int port, int seriesLimit, String cluster, String domainSuffix) {
    public static final int DEFAULT_PORT = 15090;
    public static final int DEFAULT_SERIES_LIMIT = 2_000;
    public static final String DEFAULT_CLUSTER = "Kubernetes";
    public static final String DEFAULT_DOMAIN_SUFFIX = "cluster.local";

    public MetricsConfig {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(domainSuffix, "domainSuffix");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--metrics-port " + port + " is not in 0-65535 (0 = off)");
        }
        if (seriesLimit < 1) {
            throw new IllegalArgumentException("--metrics-series-limit must be at least 1, got " + seriesLimit);
        }
        if (cluster.isBlank()) {
            throw new IllegalArgumentException("--cluster-id must not be empty");
        }
        if (!domainSuffix.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?")) {
            throw new IllegalArgumentException("cluster domain suffix '" + domainSuffix + "' is not a DNS name");
        }
    }

    public boolean enabled() {
        return port != 0;
    }

    public static MetricsConfig defaults() {
        return new MetricsConfig(DEFAULT_PORT, DEFAULT_SERIES_LIMIT, DEFAULT_CLUSTER, DEFAULT_DOMAIN_SUFFIX);
    }
}
