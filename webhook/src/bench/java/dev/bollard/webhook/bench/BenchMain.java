package dev.bollard.webhook.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every benchmark next to its baseline in one JMH run and prints the ratios. The defaults
 * keep {@code make bench} to a few minutes on 2 shared cores (1 fork, 5 x 1 s warm-up, 5 x 1 s
 * measurement, GC profiler on); any standard JMH option in {@code BENCH_ARGS} overrides them,
 * e.g. {@code BENCH_ARGS="-f 2 -i 5 Issuance"}.
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) throws RunnerException, IOException {
        CommandLineOptions cli;
        try {
            cli = new CommandLineOptions(args);
        } catch (CommandLineOptionException e) {
            System.err.println("BENCH_ARGS: " + e.getMessage());
            System.exit(2);
            return;
        }
        Path out = RepoRoot.path().resolve("target/bench");
        Files.createDirectories(out);
        Collection<RunResult> results = new Runner(options(cli, out.resolve("jmh.json"))).run();
        String summary = BenchSummary.render(results, IssuanceBenchmark.provider());
        Files.writeString(out.resolve("jmh-summary.txt"), summary);
        System.out.println();
        System.out.print(summary);
        System.out.println("(JMH results: " + out.resolve("jmh.json") + ", summary: " + out.resolve("jmh-summary.txt") + ")");
    }

    private static org.openjdk.jmh.runner.options.Options options(CommandLineOptions cli, Path json) {
        ChainedOptionsBuilder builder = new OptionsBuilder().parent(cli);
        if (cli.getIncludes().isEmpty()) {
            builder.include(BenchMain.class.getPackageName() + ".*Benchmark");
        }
        if (!cli.getForkCount().hasValue()) {
            builder.forks(1);
        }
        if (!cli.getWarmupIterations().hasValue()) {
            builder.warmupIterations(5);
        }
        if (!cli.getWarmupTime().hasValue()) {
            builder.warmupTime(TimeValue.seconds(1));
        }
        if (!cli.getMeasurementIterations().hasValue()) {
            builder.measurementIterations(5);
        }
        if (!cli.getMeasurementTime().hasValue()) {
            builder.measurementTime(TimeValue.seconds(1));
        }
        if (cli.getBenchModes().isEmpty()) {
            builder.mode(Mode.AverageTime);
        }
        if (!cli.getTimeUnit().hasValue()) {
            builder.timeUnit(TimeUnit.MICROSECONDS);
        }
        if (cli.getProfilers().isEmpty()) {
            builder.addProfiler(GCProfiler.class);
        }
        if (!cli.getResult().hasValue()) {
            builder.result(json.toString()).resultFormat(ResultFormatType.JSON);
        }
        if (cli.getJvmArgs().hasValue()) {
            // JMH copies this JVM's flags to the forks unless -jvmArgs replaces them; the forks read fixtures too
            builder.jvmArgsAppend("-D" + RepoRoot.PROPERTY + "=" + RepoRoot.path());
        }
        return builder.build();
    }
}
