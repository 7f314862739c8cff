package dev.bollard.webhook.mesh;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.bollard.identity.SpiffeId;
import dev.bollard.identity.TrustDomain;

class FeedAuthorizationTest {
    static final TrustDomain TD = TrustDomain.parse("cluster.local");
    static final MeshPod A0 = new MeshPod("demo", "a-0", "a", Map.of(), List.of("10.0.0.2"), Optional.of("istio"), Instant.EPOCH);

    @ParameterizedTest(name = "{0} asks for {1}/{2} -> {3}")
    @CsvSource({
            "spiffe://cluster.local/ns/demo/sa/a, demo, a-0, ok,",
            "spiffe://cluster.local/ns/demo/sa/anyone, demo, unknown-0, ok,",
            "spiffe://cluster.local/ns/demo/sa/b, demo, a-0, 403, 'is not pod demo/a-0, which runs as service account a'",
            "spiffe://cluster.local/ns/other/sa/a, demo, a-0, 403, 'may not read the feed of namespace demo'",
            "spiffe://example.org/ns/demo/sa/a, demo, a-0, 403, 'is not in trust domain cluster.local'",
            "spiffe://cluster.local/workload/a, demo, a-0, 403, 'is not a workload identity'",
    })
    void allowsOnlyThePodsOwnIdentity(String caller, String namespace, String pod, String outcome, String message) {
        FeedRequest request = FeedRequest.parse(pod, namespace, null);
        Optional<MeshPod> known = pod.equals(A0.name()) ? Optional.of(A0) : Optional.empty();
        if (outcome.equals("ok")) {
            assertDoesNotThrow(() -> FeedAuthorization.check(SpiffeId.parse(caller), TD, request, known));
            return;
        }
        FeedRefusal refusal = assertThrows(FeedRefusal.class,
                () -> FeedAuthorization.check(SpiffeId.parse(caller), TD, request, known));
        assertEquals(403, refusal.status());
        assertTrue(refusal.getMessage().contains(message), refusal.getMessage());
    }

    @ParameterizedTest(name = "pod={0} namespace={1} ip={2}")
    @CsvSource({
            ", demo, , parameter 'pod' is required",
            "a-0, , , parameter 'namespace' is required",
            "a-0, demo, not-an-ip, parameter 'ip' is not an IP address",
            "A_0, demo, , must be Kubernetes names",
    })
    void refusesBadParameters(String pod, String namespace, String ip, String message) {
        FeedRefusal refusal = assertThrows(FeedRefusal.class, () -> FeedRequest.parse(pod, namespace, ip));
        assertEquals(400, refusal.status());
        assertTrue(refusal.getMessage().contains(message), refusal.getMessage());
    }

    @org.junit.jupiter.api.Test
    void refusesALineBreakInANameSoNoLogLineIsForged() {
        FeedRefusal refusal = assertThrows(FeedRefusal.class, () -> FeedRequest.parse("a-0", "demo\nINFO forged", null));
        assertEquals(400, refusal.status());
    }
}
