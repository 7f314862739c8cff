package dev.bollard.webhook.testing;

import java.util.Set;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@code make check} ({@code -Dbollard.tests=unit}, which also turns on extension
 * auto-detection): disables every test class that boots Quarkus before the application starts,
 * so the plain unit tests answer in seconds. Without the property every test runs. Matched by
 * annotation, not by a naming rule a new class could forget to follow.
 */
public final class UnitTestsOnly implements ExecutionCondition {
    private static final Set<String> APPLICATION_TESTS = Set.of("io.quarkus.test.junit.QuarkusTest",
            "io.quarkus.test.junit.main.QuarkusMainTest", "io.quarkus.test.junit.QuarkusIntegrationTest");

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (!"unit".equals(System.getProperty("bollard.tests"))) {
            return ConditionEvaluationResult.enabled("every test runs");
        }
        return context.getTestClass().filter(UnitTestsOnly::bootsTheApplication)
                .map(c -> ConditionEvaluationResult.disabled("boots Quarkus; `make test` runs it"))
                .orElse(ConditionEvaluationResult.enabled("a unit test"));
    }

    private static boolean bootsTheApplication(Class<?> test) {
        for (Class<?> c = test; c != null; c = c.getEnclosingClass()) {
            for (var annotation : c.getAnnotations()) {
                if (APPLICATION_TESTS.contains(annotation.annotationType().getName())) {
                    return true;
                }
            }
        }
        return false;
    }
}
