package dev.bollard.webhook.bench;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bollard.webhook.policy.Manifests;
import dev.bollard.webhook.policy.PolicyDocument;
import dev.bollard.webhook.policy.PolicyReport;
import dev.bollard.webhook.policy.PolicySettings;
import dev.bollard.webhook.policy.PolicyValidator;

/**
 * One AuthorizationPolicy through the validating webhook's core: JSON text (as it arrives in an
 * AdmissionReview) to a report. The baseline is the Jackson parse of the same text.
 */
@State(Scope.Benchmark)
public class PolicyBenchmark {
    /** Bookinfo's productpage policy: selector, principals, request principals, methods, paths, a condition. */
    static final String POLICY_FIXTURE = "policy/ap-allow-bookinfo.yaml";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PolicyValidator validator = new PolicyValidator(PolicySettings.DEFAULTS);
    private String json;

    @Setup
    public void load() throws IOException {
        try (Reader yaml = new InputStreamReader(PolicyBenchmark.class.getClassLoader().getResourceAsStream(POLICY_FIXTURE),
                StandardCharsets.UTF_8)) {
            json = JSON.writeValueAsString(Manifests.read(yaml).get(0));
        }
        PolicyReport report = hotPath();
        if (!report.violations().isEmpty()) {
            throw new IllegalStateException("policy benchmark: " + POLICY_FIXTURE + " should be valid but has " + report.violations());
        }
    }

    @Benchmark
    public JsonNode baseline() throws IOException {
        return JSON.readTree(json);
    }

    @Benchmark
    public PolicyReport hotPath() throws IOException {
        PolicyDocument doc = PolicyDocument.of(JSON.readTree(json), "default", null)
                .orElseThrow(() -> new IllegalStateException("not a policy kind: " + POLICY_FIXTURE));
        return validator.report(doc);
    }
}
