package dev.bollard.webhook.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/** The informer source against the CRUD mock API server: labelled pods, policies, Services and EndpointSlices become the model. */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = ClusterMeshSourceTest.Setup.class)
@TestProfile(ClusterMeshSourceTest.Profile.class)
class ClusterMeshSourceTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("bollard.mesh.source", "kubernetes");
        }
    }

    public static class Setup implements Consumer<KubernetesServer> {
        @Override
        public void accept(KubernetesServer server) {
            server.getKubernetesMockServer().expectCustomResource(new CustomResourceDefinitionContext.Builder()
                    .withGroup(MeshObjects.ISTIO_SECURITY_GROUP).withVersion("v1").withKind(MeshObjects.PEER_AUTHENTICATION)
                    .withPlural("peerauthentications").withScope("Namespaced").build());
            server.getKubernetesMockServer().expectCustomResource(new CustomResourceDefinitionContext.Builder()
                    .withGroup(MeshObjects.ISTIO_SECURITY_GROUP).withVersion("v1").withKind(AuthorizationPolicyObjects.KIND)
                    .withPlural("authorizationpolicies").withScope("Namespaced").build());
        }
    }

    @Inject
    KubernetesClient client;

    @Inject
    MeshModel model;

    @AfterEach
    void clean() {
        client.genericKubernetesResources(ClusterMeshSource.PODS).inAnyNamespace().delete();
        client.genericKubernetesResources(ClusterMeshSource.peerAuthentications("v1")).inAnyNamespace().delete();
        client.genericKubernetesResources(ClusterMeshSource.SERVICES).inAnyNamespace().delete();
        client.genericKubernetesResources(ClusterMeshSource.ENDPOINT_SLICES).inAnyNamespace().delete();
        client.genericKubernetesResources(ClusterMeshSource.authorizationPolicies("v1")).inAnyNamespace().delete();
        await(state -> state.pods().isEmpty() && state.policies().isEmpty() && state.services().isEmpty() && state.slices().isEmpty()
                && state.authorizationPolicies().isEmpty());
    }

    @Test
    void buildsTheModelFromLabelledPodsAndPeerAuthentications() {
        create(ClusterMeshSource.PODS, pod("a-0", "istio", "10.1.0.2"));
        create(ClusterMeshSource.PODS, pod("unlabelled-0", null, "10.1.0.9"));
        create(ClusterMeshSource.peerAuthentications("v1"), strict("default"));

        MeshState state = await(s -> s.pods().size() == 1 && s.policies().size() == 1);
        assertEquals(List.of("demo/a-0"), state.pods().stream().map(MeshPod::ref).toList());
        assertEquals(List.of("10.1.0.2"), state.pods().get(0).podIPs());
        assertEquals(MtlsMode.STRICT, state.policies().get(0).mode());
    }

    @Test
    void followsAuthorizationPoliciesAndTheOwnersOfPods() {
        GenericKubernetesResource pod = pod("reviews-v1-5d8f7c9b4-x2x7q", "istio", "10.1.0.4");
        pod.getMetadata().setGenerateName("reviews-v1-5d8f7c9b4-");
        pod.getMetadata().setLabels(Map.of(MeshPod.TLS_MODE_LABEL, "istio", "app", "reviews", "pod-template-hash", "5d8f7c9b4"));
        pod.getMetadata().setOwnerReferences(List.of(new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder().withApiVersion("apps/v1")
                .withKind("ReplicaSet").withName("reviews-v1-5d8f7c9b4").withUid("u1").withController(true).build()));
        create(ClusterMeshSource.PODS, pod);
        create(ClusterMeshSource.authorizationPolicies("v1"), authorizationPolicy("deny-post", "DENY"));

        MeshState state = await(s -> s.pods().size() == 1 && s.authorizationPolicies().size() == 1);
        assertEquals(new FeedSnapshot.Telemetry("reviews-v1", "reviews", "latest", "reviews", null), TelemetryLabels.of(state.pods().get(0)));
        AuthorizationPolicySpec policy = state.authorizationPolicies().get(0);
        assertEquals("demo/deny-post", policy.ref());
        assertEquals("[{\"to\":[{\"operation\":{\"methods\":[\"POST\"]}}]}]", policy.rules().toString());

        client.genericKubernetesResources(ClusterMeshSource.authorizationPolicies("v1")).inNamespace("demo")
                .resource(authorizationPolicy("deny-post", "AUDIT")).update();
        await(s -> s.authorizationPolicies().size() == 1
                && s.authorizationPolicies().get(0).action() == AuthorizationPolicySpec.Action.AUDIT);
        client.genericKubernetesResources(ClusterMeshSource.authorizationPolicies("v1")).inNamespace("demo").withName("deny-post").delete();
        await(s -> s.authorizationPolicies().isEmpty());
    }

    private static GenericKubernetesResource authorizationPolicy(String name, String action) {
        return new GenericKubernetesResourceBuilder().withApiVersion("security.istio.io/v1").withKind(AuthorizationPolicyObjects.KIND)
                .withNewMetadata().withName(name).withNamespace("demo").endMetadata()
                .addToAdditionalProperties("spec", Map.of("selector", Map.of("matchLabels", Map.of("app", "reviews")), "action", action,
                        "rules", List.of(Map.of("to", List.of(Map.of("operation", Map.of("methods", List.of("POST"))))))))
                .build();
    }

    @Test
    void followsUpdatesAndDeletes() {
        create(ClusterMeshSource.PODS, pod("a-0", "istio", "10.1.0.2"));
        long before = await(s -> s.pods().size() == 1).version();

        GenericKubernetesResource moved = pod("a-0", "istio", "10.1.0.3");
        client.genericKubernetesResources(ClusterMeshSource.PODS).inNamespace("demo").resource(moved).update();
        MeshState after = await(s -> s.pods().size() == 1 && s.pods().get(0).podIPs().equals(List.of("10.1.0.3")));
        assertEquals(true, after.version() > before);

        client.genericKubernetesResources(ClusterMeshSource.PODS).inNamespace("demo").withName("a-0").delete();
        await(s -> s.pods().isEmpty());
    }

    @Test
    void servicesGetTheReadyEndpointsOfTheirSlices() {
        create(ClusterMeshSource.SERVICES, new GenericKubernetesResourceBuilder().withApiVersion("v1").withKind("Service")
                .withNewMetadata().withName("b").withNamespace("demo").endMetadata()
                .addToAdditionalProperties("spec", Map.of("clusterIP", "10.96.0.20", "clusterIPs", List.of("10.96.0.20"),
                        "selector", Map.of("app", "b"),
                        "ports", List.of(Map.of("name", "http", "port", 80, "targetPort", "http", "protocol", "TCP"))))
                .build());
        create(ClusterMeshSource.ENDPOINT_SLICES, slice("b-abc", List.of(
                Map.of("addresses", List.of("10.1.0.5"), "conditions", Map.of("ready", true)),
                Map.of("addresses", List.of("10.1.0.6"), "conditions", Map.of("ready", false)))));

        MeshState state = await(s -> s.services().size() == 1 && s.slices().size() == 1);
        assertEquals(List.of(new FeedSnapshot.Service("demo", "b", List.of("10.96.0.20"),
                List.of(new FeedSnapshot.ServicePort(80, List.of(new FeedSnapshot.ServiceEndpoint("10.1.0.5", 8080)))))),
                ServiceEndpoints.of(state));

        client.genericKubernetesResources(ClusterMeshSource.ENDPOINT_SLICES).inNamespace("demo").resource(slice("b-abc", List.of(
                Map.of("addresses", List.of("10.1.0.6"), "conditions", Map.of("ready", true))))).update();
        MeshState moved = await(s -> ServiceEndpoints.of(s).size() == 1
                && ServiceEndpoints.of(s).get(0).ports().get(0).endpoints().get(0).ip().equals("10.1.0.6"));
        assertEquals(1, ServiceEndpoints.of(moved).get(0).ports().get(0).endpoints().size());
    }

    private static GenericKubernetesResource slice(String name, List<Map<String, Object>> endpoints) {
        return new GenericKubernetesResourceBuilder().withApiVersion("discovery.k8s.io/v1").withKind("EndpointSlice")
                .withNewMetadata().withName(name).withNamespace("demo").addToLabels(MeshEndpointSlice.SERVICE_NAME_LABEL, "b").endMetadata()
                .addToAdditionalProperties("addressType", "IPv4")
                .addToAdditionalProperties("ports", List.of(Map.of("name", "http", "port", 8080, "protocol", "TCP")))
                .addToAdditionalProperties("endpoints", endpoints)
                .build();
    }

    private void create(io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext context, GenericKubernetesResource object) {
        client.genericKubernetesResources(context).inNamespace("demo").resource(object).create();
    }

    private static GenericKubernetesResource pod(String name, String tlsMode, String ip) {
        GenericKubernetesResourceBuilder builder = new GenericKubernetesResourceBuilder().withApiVersion("v1").withKind("Pod")
                .withNewMetadata().withName(name).withNamespace("demo").endMetadata()
                .addToAdditionalProperties("spec", Map.of("serviceAccountName", "a"))
                .addToAdditionalProperties("status", Map.of("podIP", ip));
        if (tlsMode != null) {
            builder.editMetadata().addToLabels(MeshPod.TLS_MODE_LABEL, tlsMode).endMetadata();
        }
        return builder.build();
    }

    private static GenericKubernetesResource strict(String name) {
        return new GenericKubernetesResourceBuilder().withApiVersion("security.istio.io/v1").withKind(MeshObjects.PEER_AUTHENTICATION)
                .withNewMetadata().withName(name).withNamespace("demo").endMetadata()
                .addToAdditionalProperties("spec", Map.of("mtls", Map.of("mode", "STRICT")))
                .build();
    }

    private MeshState await(Predicate<MeshState> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            var state = model.current();
            if (state.isPresent() && condition.test(state.get())) {
                return state.get();
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("mesh model did not reach the expected state; now " + model.current());
    }
}
