package dev.bollard.webhook.bench;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * The ratios a reader wants: each hot path against the baseline measured in the same run, for
 * time and for bytes allocated per operation. Ratios cancel out most of a noisy machine's drift,
 * which absolute numbers do not.
 */
final class BenchSummary {
    static final String HOT_PATH = "hotPath";
    static final String BASELINE = "baseline";
    static final String ALLOC = "gc.alloc.rate.norm";
    /** Above this relative error (JMH's 99.9% interval) a line is flagged: the machine was busy, rerun before concluding. */
    static final double NOISY = 0.20;

    /** Benchmark class, the name shown, and what its baseline is. */
    record Pair(Class<?> type, String label, String baseline) {
    }

    private BenchSummary() {
    }

    static List<Pair> pairs(String provider) {
        return List.of(
                new Pair(InjectionBenchmark.class, "injection", "parse+serialise the same AdmissionReview"),
                new Pair(IssuanceBenchmark.class, "CA issuance", "crypto ceiling: one P-256 verify + one sign, " + provider),
                new Pair(PolicyBenchmark.class, "policy validation", "Jackson parse of the same AuthorizationPolicy"),
                new Pair(WorstCaseBenchmark.class, "worst policies", "the bookinfo policy; the hot path is all "
                        + dev.bollard.webhook.policy.WorstCasePolicies.all().size() + " worst 3 MiB cases, parse included"));
    }

    static String render(Collection<RunResult> results, String provider) {
        Map<String, RunResult> byName = new TreeMap<>();
        results.forEach(r -> byName.put(r.getParams().getBenchmark(), r));
        StringBuilder out = new StringBuilder("Bollard benchmarks (ratio = hot path / baseline, same JMH run; lower is better)\n");
        for (Pair pair : pairs(provider)) {
            RunResult hot = byName.get(pair.type().getName() + "." + HOT_PATH);
            RunResult base = byName.get(pair.type().getName() + "." + BASELINE);
            if (hot == null || base == null) {
                continue; // excluded by BENCH_ARGS
            }
            out.append(line(pair.label(), hot.getPrimaryResult(), base.getPrimaryResult(), pair.baseline()));
            if (pair.type() == IssuanceBenchmark.class) {
                out.append(ceilingShare(hot.getPrimaryResult(), base.getPrimaryResult()));
            }
            Optional<Result> hotAlloc = Optional.ofNullable(hot.getSecondaryResults().get(ALLOC));
            Optional<Result> baseAlloc = Optional.ofNullable(base.getSecondaryResults().get(ALLOC));
            if (hotAlloc.isPresent() && baseAlloc.isPresent()) {
                out.append(line("  memory", hotAlloc.get(), baseAlloc.get(), "baseline allocates "
                        + amount(baseAlloc.get().getScore(), baseAlloc.get().getScoreUnit())));
            }
        }
        return out.toString();
    }

    private static String line(String label, Result hot, Result base, String baseline) {
        return String.format(Locale.ROOT, "%-18s %s = %.1fx baseline (%s)%s%n", label + ":",
                amount(hot.getScore(), hot.getScoreUnit()), ratio(hot, base), baseline, noise(hot, base));
    }

    /** The CA's target is stated the other way round: issuance as a share of what the crypto alone allows (goal >= 50%). */
    static String ceilingShare(Result hot, Result base) {
        return String.format(Locale.ROOT, "  %-16s %.0f%% of the crypto ceiling (%s per issuance at the ceiling)%n", "share:",
                100 / ratio(hot, base), amount(base.getScore(), base.getScoreUnit()));
    }

    /** JMH gives NaN as the error of a single iteration; that says nothing, so it is not flagged. */
    private static String noise(Result hot, Result base) {
        double worst = Math.max(relativeError(hot), relativeError(base));
        return worst > NOISY ? String.format(Locale.ROOT, " [noisy: +/-%.0f%%]", worst * 100) : "";
    }

    private static double relativeError(Result result) {
        double error = result.getScoreError();
        return Double.isNaN(error) || result.getScore() == 0 ? 0 : error / result.getScore();
    }

    /** Larger is better for throughput units (ops/time), so that ratio is inverted to keep "x slower". */
    static double ratio(Result hot, Result base) {
        boolean throughput = hot.getScoreUnit().startsWith("ops/");
        return throughput ? base.getScore() / hot.getScore() : hot.getScore() / base.getScore();
    }

    /** 1234.5 us/op becomes "1.23 ms/op", 204800 B/op becomes "200.0 KB/op", so each line reads at a glance. */
    static String amount(double score, String unit) {
        if (unit.equals("us/op") && score >= 1000) {
            return String.format(Locale.ROOT, "%.2f ms/op", score / 1000);
        }
        if (unit.equals("B/op") && score >= 1024) {
            return score >= 1024 * 1024 ? String.format(Locale.ROOT, "%.1f MB/op", score / (1024 * 1024))
                    : String.format(Locale.ROOT, "%.1f KB/op", score / 1024);
        }
        return String.format(Locale.ROOT, "%.2f %s", score, unit);
    }
}
