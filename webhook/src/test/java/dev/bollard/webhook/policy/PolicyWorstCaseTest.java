package dev.bollard.webhook.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every check is linear in its input: the worst 3 MiB policies we can build are decided as
 * istiod decides them. Times are not asserted here (a shared CI machine is too noisy); they are
 * printed, and {@code make bench} measures them against a small policy.
 */
class PolicyWorstCaseTest {
    /** The cases the CRD schema itself refuses (maxItems, unknown fields, maxProperties, CEL rules); it allows the rest. */
    private static final Set<String> SCHEMA_REFUSES = Set.of("rules-thousands", "source-unknown-fields", "port-level-keys",
            "match-label-keys", "unknown-field-deep-nesting");
    private static final CrdSchemas SCHEMAS = CrdSchemas.bundled();
    private final PolicyValidator validator = new PolicyValidator(PolicySettings.DEFAULTS);

    static List<WorstCasePolicies.Case> cases() {
        return WorstCasePolicies.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decidesTheWorstInputsWeCanBuild(WorstCasePolicies.Case c) {
        assertTrue(c.object().toString().length() <= WorstCasePolicies.OBJECT_BUDGET, c.name() + " must fit in a review");
        long start = System.nanoTime();
        PolicyReport report = validator.report(PolicyDocument.of(c.object(), "prod", "worst").orElseThrow());
        long micros = (System.nanoTime() - start) / 1000;
        System.out.printf("worst case %-36s %8d us, %d violations%n", c.name(), micros, report.violations().size());
        assertEquals(c.allowed(), report.valid(), () -> report.denyMessage());
        if (!c.allowed()) {
            assertTrue(report.denyMessage().contains(c.fragment()), () -> report.denyMessage().substring(0, 500));
            assertTrue(report.denyMessage().length() < 4 * 1024 * 1024, "a deny message stays bounded");
        } else if (!c.fragment().isEmpty()) {
            assertTrue(String.join("\n", report.warningMessages()).contains(c.fragment()), c.name());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void crdSchemaCheckDecidesThemToo(WorstCasePolicies.Case c) {
        PolicyDocument doc = PolicyDocument.of(c.object(), "prod", "worst").orElseThrow();
        long start = System.nanoTime();
        List<Violation> errors = SCHEMAS.forDocument(doc).orElseThrow().check(c.object());
        System.out.printf("schema     %-36s %8d us, %d errors%n", c.name(), (System.nanoTime() - start) / 1000, errors.size());
        assertEquals(SCHEMA_REFUSES.contains(c.name()), !errors.isEmpty(), () -> errors.subList(0, Math.min(3, errors.size())).toString());
    }
}
