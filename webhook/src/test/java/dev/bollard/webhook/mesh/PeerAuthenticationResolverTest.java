package dev.bollard.webhook.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * Table of Istio's PeerAuthentication cases: {@code mesh/resolver/<case>.yaml} holds the pods and
 * policies, {@code <case>.expected.yaml} the effective policy of each pod ({@code ns/name}). A new
 * pair is a new case.
 */
class PeerAuthenticationResolverTest {
    static final Path CASES = Path.of("src/test/resources/mesh/resolver");
    private final PeerAuthenticationResolver resolver = new PeerAuthenticationResolver("istio-system");

    record Expected(String mode, Map<String, String> portLevelMtls, String policy) {
    }

    static Stream<Arguments> cases() throws IOException {
        return MeshCases.in(CASES);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void resolvesLikeIstio(String name, Path input) throws IOException {
        MeshObjectsSet objects = MeshDocuments.parse(Files.readString(input));
        Map<String, Expected> expected = new YAMLMapper().readValue(CASES.resolve(name + ".expected.yaml").toFile(),
                new TypeReference<TreeMap<String, Expected>>() { });
        Map<String, Expected> actual = new TreeMap<>();
        for (MeshPod pod : objects.pods()) {
            EffectivePeerAuthentication effective = resolver.resolve(pod, objects.policies());
            Map<String, String> ports = new TreeMap<>();
            effective.portLevelMtls().forEach((port, mode) -> ports.put(String.valueOf(port), mode.name()));
            actual.put(pod.ref(), new Expected(effective.mode().name(), ports, effective.policy()));
        }
        assertEquals(expected, actual);
    }

    @Test
    void anUnknownPodGetsOnlyNamespaceAndMeshPolicies() throws IOException {
        MeshObjectsSet objects = MeshDocuments.parse(Files.readString(CASES.resolve("namespace-strict-workload-permissive.yaml")));
        EffectivePeerAuthentication effective = resolver.resolve("demo", Optional.empty(), objects.policies());
        assertEquals(new EffectivePeerAuthentication(MtlsMode.STRICT, Map.of(), "demo/default"), effective);
    }

    @Test
    void noPolicyAtAllIsPermissive() {
        assertEquals(EffectivePeerAuthentication.DEFAULT, resolver.resolve("demo", Optional.of(Map.of()), List.of()));
    }
}
