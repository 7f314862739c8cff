package dev.bollard.proxy.telemetry;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One scrape's text: Istio's standard metrics, the label-set limit's own counters, the proxy's
 * health and the process basics. Runs on the metrics server's thread, never on an event loop.
 */
public final class Scrape {
    private final IstioMetrics metrics;
    private final Runnable beforeScrape;
    private final ProxyHealth health;
    private final Clock clock;
    private final boolean process;

    /**
     * @param beforeScrape {@link MetricsConnectionLog#promote}: TCP connections past their grace period count as opened
     * @param process      whether to add the process and JVM basics (off in golden tests: they vary)
     */
    public Scrape(IstioMetrics metrics, Runnable beforeScrape, ProxyHealth health, Clock clock, boolean process) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.beforeScrape = Objects.requireNonNull(beforeScrape, "beforeScrape");
        this.health = Objects.requireNonNull(health, "health");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.process = process;
    }

    public String text() {
        beforeScrape.run();
        StringBuilder out = new StringBuilder(8192);
        metrics.write(out);
        limits(out);
        health.write(out, clock.instant());
        if (process) {
            ProcessMetrics.write(out);
        }
        return out.toString();
    }

    private void limits(StringBuilder out) {
        List<List<String>> names = new ArrayList<>();
        List<Double> sizes = new ArrayList<>();
        List<Double> folded = new ArrayList<>();
        for (Family<?> family : metrics.families()) {
            names.add(List.of(family.name()));
            sizes.add((double) family.size());
            folded.add((double) family.folded());
        }
        Gauges.labelled(out, "bollard_metrics_series", "gauge", "Distinct label sets per metric (the limit excludes the overflow series).",
                List.of("metric"), names, sizes);
        Gauges.labelled(out, "bollard_metrics_series_overflow_total", "counter",
                "Samples folded into a metric's overflow series (all labels \"overflow\") because it reached its label-set limit.",
                List.of("metric"), names, folded);
    }
}
