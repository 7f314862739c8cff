package dev.bollard.webhook.inject;

import static dev.bollard.webhook.inject.MeshAnnotations.PROMETHEUS_PATH;
import static dev.bollard.webhook.inject.MeshAnnotations.PROMETHEUS_PORT;
import static dev.bollard.webhook.inject.MeshAnnotations.PROMETHEUS_SCRAPE;

import java.util.List;
import java.util.Map;

/**
 * The annotations that point an annotation-driven Prometheus at the proxy's
 * {@code /stats/prometheus}: scrape, port (the metrics port) and path. Added only when the pod
 * sets none of the three: a pod that sets any of them is describing its own application's
 * metrics, and Istio keeps a user's prometheus.io annotations too. Such a pod's proxy is still
 * scraped through its port named {@code http-envoy-prom} (Istio's envoy-stats job).
 */
final class PrometheusScrape {
    /** Envoy's Prometheus path, which the proxy serves. */
    static final String PATH = "/stats/prometheus";
    private static final List<String> KEYS = List.of(PROMETHEUS_SCRAPE, PROMETHEUS_PORT, PROMETHEUS_PATH);

    private PrometheusScrape() {
    }

    static void annotate(Map<String, String> annotations, int metricsPort) {
        if (KEYS.stream().anyMatch(annotations::containsKey)) {
            return;
        }
        annotations.put(PROMETHEUS_SCRAPE, "true");
        annotations.put(PROMETHEUS_PORT, Integer.toString(metricsPort));
        annotations.put(PROMETHEUS_PATH, PATH);
    }
}
