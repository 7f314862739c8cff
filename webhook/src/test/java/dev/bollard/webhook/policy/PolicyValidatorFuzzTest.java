package dev.bollard.webhook.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.util.Optional;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * The policy validator on arbitrary manifests (seeds in {@code PolicyValidatorFuzzTestInputs/}:
 * the policy table's manifests). A document of a kind we validate always gets a report, never an
 * exception (which the webhook would answer with a 500); the same document gets the same report
 * every time; a refusal has a message.
 */
class PolicyValidatorFuzzTest {
    private static final ObjectMapper YAML = new YAMLMapper();
    private final PolicyValidator validator = new PolicyValidator(PolicySettings.DEFAULTS);

    @FuzzTest(maxDuration = "60s")
    void anyPolicyIsValidatedTheSameWayEveryTime(byte[] manifest) {
        JsonNode object;
        try {
            object = YAML.readTree(manifest);
        } catch (IOException | RuntimeException notYaml) {
            return;
        }
        Optional<PolicyDocument> doc = PolicyDocument.of(object, "default", "fuzz");
        if (doc.isEmpty()) {
            return;
        }
        PolicyReport report = validator.report(doc.get());
        assertEquals(report, validator.report(PolicyDocument.of(object.deepCopy(), "default", "fuzz").orElseThrow()),
                "validation is deterministic");
        if (!report.valid()) {
            assertFalse(report.denyMessage().isBlank(), "a refusal says why");
        }
    }
}
