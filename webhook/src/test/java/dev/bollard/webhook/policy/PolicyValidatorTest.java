package dev.bollard.webhook.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.bollard.golden.Golden;

class PolicyValidatorTest {
    private final PolicyValidator validator = new PolicyValidator(PolicySettings.DEFAULTS);

    static List<PolicyCases.Case> cases() {
        return PolicyCases.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void producesTheExpectedViolationsAndWarnings(PolicyCases.Case c) {
        PolicyCases.Expected actual = evaluate(c);
        PolicyCases.assertMatches(c, actual);
        if (!Golden.updating()) {
            assertEquals(c.expected(), actual);
        }
    }

    @AfterAll
    static void everyExpectationHasItsCase() {
        PolicyCases.assertEveryExpectationHasItsCase();
    }

    @org.junit.jupiter.api.Test
    void tableIsLargeAndCoversBothOutcomes() {
        List<PolicyCases.Case> all = PolicyCases.all();
        assertTrue(all.size() >= 40, "at least 40 cases, found " + all.size());
        assertTrue(all.stream().filter(c -> c.expected().allowed()).count() >= 10);
        assertTrue(all.stream().filter(c -> !c.expected().allowed()).count() >= 25);
    }

    private PolicyCases.Expected evaluate(PolicyCases.Case c) {
        Optional<PolicyDocument> doc = PolicyDocument.of(c.object(), null, null);
        if (doc.isEmpty()) {
            return new PolicyCases.Expected(true, List.of(), List.of());
        }
        PolicyReport report = validator.report(doc.get());
        return new PolicyCases.Expected(false, report.violations().stream().map(Violation::toString).toList(),
                report.warningMessages());
    }
}
