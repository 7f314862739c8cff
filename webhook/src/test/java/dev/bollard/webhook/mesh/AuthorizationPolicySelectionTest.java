package dev.bollard.webhook.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import dev.bollard.identity.TrustDomain;

/**
 * Table of istiod's AuthorizationPolicy selection for sidecars: {@code mesh/authorization/<case>.yaml}
 * holds pods and policies, {@code <case>.expected.yaml} the feed's {@code authorizationPolicies} of
 * each pod ({@code ns/name}), root namespace istio-system. A new pair is a new case.
 */
class AuthorizationPolicySelectionTest {
    static final Path CASES = Path.of("src/test/resources/mesh/authorization");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final FeedViews views = new FeedViews(TrustDomain.parse("cluster.local"), "istio-system");

    static Stream<Arguments> cases() throws IOException {
        return MeshCases.in(CASES);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void selectsLikeIstiodForSidecars(String name, Path input) throws IOException {
        JsonNode expected = new YAMLMapper().readTree(CASES.resolve(name + ".expected.yaml").toFile());
        Map<String, Object> actual = new TreeMap<>();
        MeshCases.views(views, input).forEach((pod, view) -> actual.put(pod, view.authorizationPolicies()));
        assertEquals(expected, JSON.valueToTree(actual));
    }

    @Test
    void anUnknownPodGetsNoPolicies() throws IOException {
        MeshState state = MeshState.of(1, MeshDocuments.parse(Files.readString(CASES.resolve("root-namespace-policies.yaml"))));
        FeedSnapshot view = views.view(state, FeedRequest.parse("new-0", "demo", null));
        assertEquals(List.of(), view.authorizationPolicies());
        assertEquals("\"authorizationPolicies\":[]", FeedLines.snapshot(view).replaceAll(".*(\"authorizationPolicies\":\\[\\]).*", "$1"));
    }

    @Test
    void aFailSafePolicySaysWhyItWasRewritten() {
        MeshObjectsSet objects = MeshDocuments.parse("""
                apiVersion: security.istio.io/v1
                kind: AuthorizationPolicy
                metadata: {name: x, namespace: demo}
                spec: {action: DENY, rules: {from: []}}
                """);
        assertEquals(java.util.Optional.of("spec.rules must be a list"), objects.authorizationPolicies().get(0).problem());
    }
}
