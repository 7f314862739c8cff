package dev.bollard.webhook.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.bollard.identity.SpiffeId;
import dev.bollard.identity.TrustDomain;
import dev.bollard.webhook.ca.CaConfig;
import dev.bollard.webhook.policy.PolicyConfig;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;

/** The per-proxy stream without HTTP: authorization on every state, bounded buffering, cleanup. */
class MeshFeedTest {
    static final TrustDomain TD = TrustDomain.parse("cluster.local");
    static final FeedRequest A0 = FeedRequest.parse("a-0", "demo", null);

    private final MeshModel model = new MeshModel();
    private final MeshFeed feed = new MeshFeed(model, config(MeshConfig.class, Map.of("heartbeat", Duration.ofHours(1))),
            config(PolicyConfig.class, Map.of("rootNamespace", "istio-system")), config(CaConfig.class, Map.of("trustDomain", "cluster.local")));

    @Test
    void endsAStreamWhoseUnknownPodAppearsWithAnotherServiceAccount() {
        model.publish(new MeshObjectsSet(List.of(), List.of()));
        AssertSubscriber<Object> proxy = feed.stream(A0, SpiffeId.forServiceAccount(TD, "demo", "a"))
                .subscribe().withSubscriber(AssertSubscriber.create(10));
        assertEquals(1, proxy.getItems().size(), "the snapshot of an unknown pod");

        model.publish(new MeshObjectsSet(List.of(pod("a-0", "b", "10.0.0.2")), List.of()));

        proxy.awaitCompletion();
        assertEquals(1, proxy.getItems().size(), "the view of a pod of another service account is never sent");
        assertEquals(0, model.listenerCount(), "the ended stream left the model");
    }

    @Test
    void keepsStreamingWhenTheUnknownPodAppearsWithTheCallersServiceAccount() {
        model.publish(new MeshObjectsSet(List.of(), List.of()));
        AssertSubscriber<Object> proxy = feed.stream(A0, SpiffeId.forServiceAccount(TD, "demo", "a"))
                .subscribe().withSubscriber(AssertSubscriber.create(10));
        model.publish(new MeshObjectsSet(List.of(pod("a-0", "a", "10.0.0.2")), List.of()));
        assertEquals(2, proxy.getItems().size());
        assertEquals("a", ((FeedSnapshot) proxy.getItems().get(1)).workload().serviceAccount());
        proxy.cancel();
    }

    @Test
    void aStalledReaderHoldsAtMostTwoSnapshots() {
        model.publish(new MeshObjectsSet(List.of(), List.of()));
        AssertSubscriber<Object> proxy = feed.stream(A0, SpiffeId.forServiceAccount(TD, "demo", "a"))
                .subscribe().withSubscriber(AssertSubscriber.create(1));
        for (int i = 0; i < 300; i++) {
            model.publish(new MeshObjectsSet(List.of(pod("b-" + i, "b", "10.0.1." + (i % 250 + 1))), List.of()));
        }
        proxy.request(1000);
        List<Object> items = proxy.getItems();
        assertTrue(items.size() <= 3, "a stalled reader got a backlog of " + items.size() + " snapshots");
        FeedSnapshot newest = (FeedSnapshot) items.get(items.size() - 1);
        assertEquals("b-299", newest.endpoints().get(0).name(), "the newest state comes last");
        proxy.cancel();
    }

    @Test
    void aClosedStreamUnsubscribes() {
        model.publish(new MeshObjectsSet(List.of(), List.of()));
        AssertSubscriber<Object> proxy = feed.stream(A0, SpiffeId.forServiceAccount(TD, "demo", "a"))
                .subscribe().withSubscriber(AssertSubscriber.create(10));
        assertEquals(1, model.listenerCount());
        proxy.cancel();
        assertEquals(0, model.listenerCount());
        assertInstanceOf(FeedSnapshot.class, proxy.getItems().get(0));
    }

    @Test
    void aThousandStreamsOpenedAndClosedLeaveNothingBehind() {
        model.publish(new MeshObjectsSet(List.of(pod("a-0", "a", "10.0.0.2")), List.of()));
        List<AssertSubscriber<Object>> proxies = new java.util.ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            proxies.add(feed.stream(A0, SpiffeId.forServiceAccount(TD, "demo", "a")).subscribe().withSubscriber(AssertSubscriber.create(10)));
        }
        assertEquals(1000, model.listenerCount());
        // a refused stream (another service account) ends by itself and must leave as well
        AssertSubscriber<Object> refused = feed.stream(A0, SpiffeId.forServiceAccount(TD, "demo", "b"))
                .subscribe().withSubscriber(AssertSubscriber.create(10));
        refused.awaitCompletion();
        proxies.forEach(AssertSubscriber::cancel);
        assertEquals(0, model.listenerCount(), "every closed stream unsubscribed");
    }

    @Test
    void aPolicyChangeReachesOnlyTheProxiesItSelects() {
        MeshPod a = labelled(pod("a-0", "a", "10.0.0.2"), "a");
        MeshPod b = labelled(pod("b-0", "b", "10.0.0.3"), "b");
        model.publish(new MeshObjectsSet(List.of(a, b), List.of()));
        AssertSubscriber<Object> proxyA = feed.stream(A0, SpiffeId.forServiceAccount(TD, "demo", "a"))
                .subscribe().withSubscriber(AssertSubscriber.create(10));
        AssertSubscriber<Object> proxyB = feed.stream(FeedRequest.parse("b-0", "demo", null), SpiffeId.forServiceAccount(TD, "demo", "b"))
                .subscribe().withSubscriber(AssertSubscriber.create(10));

        MeshObjectsSet withPolicy = MeshDocuments.parse("""
                apiVersion: security.istio.io/v1
                kind: AuthorizationPolicy
                metadata: {name: deny-a, namespace: demo}
                spec: {selector: {matchLabels: {app: a}}, action: DENY, rules: [{}]}
                """);
        model.publish(new MeshObjectsSet(List.of(a, b), List.of(), List.of(), List.of(), withPolicy.authorizationPolicies()));

        assertEquals(2, proxyA.getItems().size(), "the selected proxy gets a new snapshot");
        assertEquals("demo/deny-a", ((FeedSnapshot) proxyA.getItems().get(1)).authorizationPolicies().get(0).name());
        assertEquals(1, proxyB.getItems().size(), "a proxy the policy does not select sees no change");
        proxyA.cancel();
        proxyB.cancel();
    }

    @Test
    void aDeletedPodsStreamSendsNoWorkloadAndLeavesWhenClosed() {
        model.publish(new MeshObjectsSet(List.of(pod("a-0", "a", "10.0.0.2")), List.of()));
        AssertSubscriber<Object> proxy = feed.stream(A0, SpiffeId.forServiceAccount(TD, "demo", "a"))
                .subscribe().withSubscriber(AssertSubscriber.create(10));
        model.publish(new MeshObjectsSet(List.of(), List.of()));
        FeedSnapshot last = (FeedSnapshot) proxy.getItems().get(proxy.getItems().size() - 1);
        assertEquals(null, last.workload(), "a terminating proxy still gets the mesh, as itself unknown");
        assertEquals(List.of(), last.authorizationPolicies());
        proxy.cancel();
        assertEquals(0, model.listenerCount());
    }

    private static MeshPod labelled(MeshPod pod, String app) {
        return new MeshPod(pod.namespace(), pod.name(), pod.serviceAccount(), Map.of(MeshPod.TLS_MODE_LABEL, "istio", "app", app),
                pod.podIPs(), pod.tlsMode(), pod.creationTimestamp());
    }

    static MeshPod pod(String name, String serviceAccount, String ip) {
        return new MeshPod("demo", name, serviceAccount, Map.of(MeshPod.TLS_MODE_LABEL, "istio"), List.of(ip), Optional.of("istio"),
                Instant.EPOCH);
    }

    @SuppressWarnings("unchecked")
    static <T> T config(Class<T> type, Map<String, Object> values) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (values.containsKey(method.getName())) {
                return values.get(method.getName());
            }
            throw new UnsupportedOperationException(method.getName());
        });
    }
}
