package dev.bollard.webhook.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * Table of Istio's workload telemetry labels: {@code mesh/telemetry/<case>.yaml} holds pods,
 * {@code <case>.expected.yaml} the feed's {@code telemetry} object of each ({@code ns/name}).
 */
class TelemetryLabelsTest {
    static final Path CASES = Path.of("src/test/resources/mesh/telemetry");
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> cases() throws IOException {
        return MeshCases.in(CASES);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void labelsWorkloadsLikeIstio(String name, Path input) throws IOException {
        JsonNode expected = new YAMLMapper().readTree(CASES.resolve(name + ".expected.yaml").toFile());
        Map<String, FeedSnapshot.Telemetry> actual = new TreeMap<>();
        for (MeshPod pod : MeshDocuments.parse(Files.readString(input)).pods()) {
            actual.put(pod.ref(), TelemetryLabels.of(pod));
        }
        assertEquals(expected, JSON.valueToTree(actual));
    }
}
