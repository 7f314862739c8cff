package dev.bollard.webhook.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bollard.webhook.policy.PolicyDocument;
import dev.bollard.webhook.policy.PolicyReport;
import dev.bollard.webhook.policy.PolicySettings;
import dev.bollard.webhook.policy.PolicyValidator;
import dev.bollard.webhook.policy.WorstCasePolicies;

/**
 * The worst 3 MiB policies of {@link WorstCasePolicies}, all of them per operation, from JSON
 * text to report; the baseline is the small bookinfo policy through the same path. Divide the
 * hot path by the number of cases for the average time of one worst case.
 */
@State(Scope.Benchmark)
public class WorstCaseBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PolicyValidator validator = new PolicyValidator(PolicySettings.DEFAULTS);
    private final PolicyBenchmark small = new PolicyBenchmark();
    private final List<String> worst = new ArrayList<>();

    @Setup
    public void load() throws IOException {
        small.load();
        for (WorstCasePolicies.Case c : WorstCasePolicies.all()) {
            worst.add(c.object().toString());
        }
    }

    @Benchmark
    public PolicyReport baseline() throws IOException {
        return small.hotPath();
    }

    @Benchmark
    public int hotPath() throws IOException {
        int violations = 0;
        for (String json : worst) {
            PolicyDocument doc = PolicyDocument.of(JSON.readTree(json), "prod", "worst").orElseThrow();
            violations += validator.report(doc).violations().size();
        }
        return violations;
    }
}
