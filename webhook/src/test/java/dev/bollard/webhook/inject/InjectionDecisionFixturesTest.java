package dev.bollard.webhook.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * Istio's injection decision, one pod per file under {@code inject/decisions/}: the first line
 * {@code # expect: inject <because>} or {@code # expect: skip <reason>} states the outcome. A new
 * file is a new case.
 */
class InjectionDecisionFixturesTest {
    /** The built-in default of bollard.inject.ignored-namespaces. */
    private static final Set<String> ISTIO_IGNORED = Set.of("kube-system", "kube-public", "kube-node-lease", "local-path-storage");
    private static final String EXPECT = "# expect: ";

    static List<String> fixtures() throws IOException, URISyntaxException {
        Path dir = Path.of(InjectionDecisionFixturesTest.class.getResource("/inject/decisions").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void decidesAsIstio(String fixture) throws URISyntaxException {
        String text = read(fixture);
        String expected = text.lines().findFirst().filter(l -> l.startsWith(EXPECT)).map(l -> l.substring(EXPECT.length()))
                .orElseThrow(() -> new AssertionError(fixture + ": first line must be '" + EXPECT + "inject|skip ...'"));
        Pod pod = Serialization.unmarshal(text, Pod.class);
        InjectionDecision decision = InjectionDecision.decide(pod, pod.getMetadata().getNamespace(), ISTIO_IGNORED);
        String actual = decision.inject() ? "inject " + decision.because() : "skip " + decision.reason().label();
        assertEquals(expected, actual, fixture);
    }

    private static String read(String fixture) throws URISyntaxException {
        try {
            return Files.readString(Path.of(InjectionDecisionFixturesTest.class.getResource("/inject/decisions/" + fixture).toURI()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
