package dev.bollard.webhook.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import dev.bollard.webhook.testing.WorkloadPods;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * Renders are kept and handed out as copies that share their nested values (see
 * {@link ShallowCopy}): injection must set fields, never change a shared value in place. Every
 * fixture pod is injected three times by one injector, so the later admissions use its kept
 * render, and must get the patch a fresh injector gives.
 */
class KeptRenderTest {
    private static final Path FIXTURES = Path.of("../e2e/src/test/resources/fixtures");
    private static final PodInjection SHARED = injection();

    @TestFactory
    Stream<DynamicTest> injectionLeavesTheKeptRenderAsItWasRendered() {
        return Stream.of("pods", "foreign-pods")
                .flatMap(dir -> WorkloadPods.inDirectory(FIXTURES.resolve(dir)).stream())
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> {
                    String third = null;
                    for (int i = 0; i < 3; i++) {
                        third = patch(SHARED, c);
                    }
                    assertEquals(patch(injection(), c), third);
                }));
    }

    private static String patch(PodInjection injection, WorkloadPods.Case c) throws Exception {
        try {
            return injection.inject(PodJson.read(c.pod(), Pod.class), c.namespace()).patch();
        } catch (InjectionRefusedException e) {
            return "refused: " + e.getMessage();
        }
    }

    private static PodInjection injection() {
        Map<String, SidecarTemplate> named = new TreeMap<>();
        SidecarSources.templates(Optional.empty()).forEach((name, text) -> named.put(name, SidecarTemplate.parse(text)));
        return new PodInjection(new SidecarInjector(SidecarTemplates.of(named)), Pods.values(), Set.of(), Pods.TRUST_DOMAIN);
    }
}
