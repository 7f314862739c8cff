package dev.bollard.proxy.telemetry;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * A distribution over fixed upper bounds, written as Prometheus {@code _bucket} (cumulative,
 * ending with {@code le="+Inf"}), {@code _sum} and {@code _count} lines. Recording is a binary
 * search and two adders: no lock on the event loop.
 */
public final class Histogram implements Series {
    /**
     * Envoy's default histogram bounds, which Istio keeps for all three of its standard
     * histograms (duration in ms, request and response size in bytes) unless the pod sets
     * {@code sidecar.istio.io/statsHistogramBuckets}.
     */
    public static final List<Double> ISTIO_BUCKETS = List.of(0.5, 1.0, 5.0, 10.0, 25.0, 50.0, 100.0, 250.0, 500.0,
            1000.0, 2500.0, 5000.0, 10000.0, 30000.0, 60000.0, 300000.0, 600000.0, 1800000.0, 3600000.0);

    private final double[] bounds;
    private final LongAdder[] counts;
    private final DoubleAdder sum = new DoubleAdder();

    public Histogram(List<Double> bounds) {
        this.bounds = bounds.stream().mapToDouble(Double::doubleValue).toArray();
        for (int i = 1; i < this.bounds.length; i++) {
            if (!(this.bounds[i] > this.bounds[i - 1])) {
                throw new IllegalArgumentException("histogram bounds must increase: " + bounds);
            }
        }
        counts = new LongAdder[this.bounds.length + 1]; // the last one is +Inf
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    public void observe(double value) {
        if (Double.isNaN(value)) {
            return;
        }
        int i = Arrays.binarySearch(bounds, value);
        counts[i >= 0 ? i : -i - 1].increment(); // le is inclusive: an exact bound counts in its bucket
        sum.add(value);
    }

    public long count() {
        long total = 0;
        for (LongAdder c : counts) {
            total += c.sum();
        }
        return total;
    }

    @Override
    public void write(StringBuilder out, String name, String labels) {
        long cumulative = 0;
        for (int i = 0; i < counts.length; i++) {
            cumulative += counts[i].sum();
            String le = i < bounds.length ? Exposition.number(bounds[i]) : "+Inf";
            out.append(name).append("_bucket").append(Exposition.withLabel(labels, "le", le)).append(' ')
                    .append(cumulative).append('\n');
        }
        out.append(name).append("_sum").append(labels).append(' ').append(Exposition.number(sum.sum())).append('\n');
        out.append(name).append("_count").append(labels).append(' ').append(cumulative).append('\n');
    }
}
