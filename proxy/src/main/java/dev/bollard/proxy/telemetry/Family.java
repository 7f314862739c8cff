package dev.bollard.proxy.telemetry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * One metric name with its label names and its series, at most {@code limit} distinct label sets.
 * Label values come from peers and users (a Host header, a pod's labels), so their number is not
 * ours to bound: past the limit, further label sets fold into one overflow series (every label
 * {@value #OVERFLOW} but {@code keep}), so totals such as {@code sum(rate(istio_requests_total))}
 * stay right, and {@link #folded()} counts the samples that went there. A series, once created,
 * lives as long as the proxy (Envoy's do too, without rotation).
 *
 * <p>The label set is rendered once, when its series is created; a sample costs a map lookup.
 */
public final class Family<S extends Series> {
    public static final String OVERFLOW = "overflow";

    private final String name;
    private final String help;
    private final String type;
    private final List<String> labelNames;
    private final Supplier<S> factory;
    private final int limit;
    private final ConcurrentHashMap<List<String>, Entry<S>> series = new ConcurrentHashMap<>();
    private final AtomicInteger size = new AtomicInteger();
    private final Entry<S> overflow;
    private final LongAdder folded = new LongAdder();

    private record Entry<S>(String labels, S series) {
    }

    /**
     * @param type  {@code counter}, {@code gauge} or {@code histogram}
     * @param keep  label names whose value the overflow series keeps (the reporter, say)
     * @param limit distinct label sets before folding; at least 1
     */
    public Family(String name, String help, String type, List<String> labelNames, Supplier<S> factory, int limit,
                  Map<String, String> keep) {
        this.name = Objects.requireNonNull(name, "name");
        this.help = Objects.requireNonNull(help, "help");
        this.type = Objects.requireNonNull(type, "type");
        this.labelNames = List.copyOf(labelNames);
        this.factory = Objects.requireNonNull(factory, "factory");
        if (limit < 1) {
            throw new IllegalArgumentException("metric " + name + ": series limit must be at least 1, got " + limit);
        }
        this.limit = limit;
        List<String> overflowValues = new ArrayList<>();
        for (String label : this.labelNames) {
            overflowValues.add(keep.getOrDefault(label, OVERFLOW));
        }
        this.overflow = new Entry<>(Exposition.labels(this.labelNames, overflowValues), factory.get());
    }

    public String name() {
        return name;
    }

    /** The series for these label values (in {@link #labelNames} order), created on first use. */
    public S get(List<String> values) {
        Entry<S> found = series.get(values);
        if (found != null) {
            return found.series();
        }
        if (values.size() != labelNames.size()) {
            throw new IllegalArgumentException("metric " + name + ": " + labelNames.size() + " label values expected, got "
                    + values.size());
        }
        if (size.get() >= limit) {
            folded.increment();
            return overflow.series();
        }
        List<String> key = List.copyOf(values);
        Entry<S> created = series.computeIfAbsent(key, k -> {
            if (size.incrementAndGet() > limit) {
                size.decrementAndGet();
                return null; // the limit was reached meanwhile by another thread
            }
            return new Entry<>(Exposition.labels(labelNames, k), factory.get());
        });
        if (created == null) {
            folded.increment();
            return overflow.series();
        }
        return created.series();
    }

    /**
     * Whether {@code s} is the overflow series: a caller that keeps a series to reuse must not keep
     * that one, since every sample that goes there is counted by {@link #folded()}.
     */
    public boolean isOverflow(S s) {
        return s == overflow.series();
    }

    /** Samples that went to the overflow series because the family was full. */
    public long folded() {
        return folded.sum();
    }

    public int size() {
        return size.get();
    }

    /** HELP, TYPE and every series, sorted by label set so that scrapes are stable; nothing before a first sample. */
    public void write(StringBuilder out) {
        List<Entry<S>> entries = new ArrayList<>(series.values());
        if (entries.isEmpty()) {
            return;
        }
        entries.sort((a, b) -> a.labels().compareTo(b.labels()));
        Exposition.header(out, name, help, type);
        for (Entry<S> entry : entries) {
            entry.series().write(out, name, entry.labels());
        }
        if (folded.sum() > 0) {
            overflow.series().write(out, name, overflow.labels());
        }
    }
}
