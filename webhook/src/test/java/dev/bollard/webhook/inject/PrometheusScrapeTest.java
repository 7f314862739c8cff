package dev.bollard.webhook.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PrometheusScrapeTest {
    @Test
    void pointsPrometheusAtTheProxysMetricsPort() {
        Map<String, String> annotations = new HashMap<>(Map.of("team", "shop"));

        PrometheusScrape.annotate(annotations, 15090);

        assertEquals(Map.of("team", "shop", "prometheus.io/scrape", "true", "prometheus.io/port", "15090",
                "prometheus.io/path", "/stats/prometheus"), annotations);
    }

    @Test
    void keepsThePodsOwnPrometheusAnnotationsAsTheyAre() {
        for (String key : new String[] {"prometheus.io/scrape", "prometheus.io/port", "prometheus.io/path"}) {
            Map<String, String> annotations = new HashMap<>(Map.of(key, "false"));

            PrometheusScrape.annotate(annotations, 15090);

            assertEquals(Map.of(key, "false"), annotations, key);
        }
    }
}
