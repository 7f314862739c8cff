package dev.bollard.webhook.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.zjsonpatch.JsonPatch;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;

class PodPatchTest {

    @Test
    void equalPodsGiveAnEmptyPatch() {
        Pod pod = Pods.web().build();
        assertEquals("[]", PodPatch.between(pod, new PodBuilder(pod).build()));
    }

    @Test
    void anAbsentAnnotationsMapIsAddedWhole() {
        Pod before = Pods.web().build();
        Pod after = new PodBuilder(before).editMetadata().addToAnnotations("a/b", "1").endMetadata().build();
        assertEquals("[{\"op\":\"add\",\"path\":\"/metadata/annotations\",\"value\":{\"a/b\":\"1\"}}]", PodPatch.between(before, after));
    }

    @Test
    void escapesSlashAndTildeInKeys() {
        Pod before = Pods.withAnnotation("x", "1");
        Pod after = new PodBuilder(before).editMetadata().addToAnnotations("example.com/owner~team", "2").endMetadata().build();
        assertTrue(PodPatch.between(before, after).contains("\"/metadata/annotations/example.com~1owner~0team\""));
    }

    @Test
    void prependingAnInitContainerAddsAtIndexZero() {
        Pod before = Pods.web().editSpec().addNewInitContainer().withName("migrate").endInitContainer().endSpec().build();
        Pod after = new PodBuilder(before).editSpec().withInitContainers(
                new io.fabric8.kubernetes.api.model.ContainerBuilder().withName("istio-init").build(),
                before.getSpec().getInitContainers().get(0)).endSpec().build();
        assertEquals("[{\"op\":\"add\",\"path\":\"/spec/initContainers/0\",\"value\":{\"name\":\"istio-init\"}}]",
                PodPatch.between(before, after));
    }

    @Test
    void anInjectedPodWithoutVolumesLabelsOrInitContainersGetsEachAddedWhole() {
        Pod before = Pods.web().build();
        List<String> paths = paths(before, Injections.inject(before));
        assertTrue(paths.contains("add /metadata/labels"), paths::toString);
        assertTrue(paths.contains("add /metadata/annotations"), paths::toString);
        assertTrue(paths.contains("add /spec/initContainers"), paths::toString);
        assertTrue(paths.contains("add /spec/volumes"), paths::toString);
        assertTrue(paths.stream().noneMatch(p -> p.startsWith("add /spec/volumes/")), paths::toString);
    }

    @Test
    void addsIntoMapsAndListsThePodAlreadyHas() {
        Pod before = Pods.web().editMetadata().addToLabels("app", "web").addToAnnotations("team", "shop").endMetadata()
                .editSpec().addNewVolume().withName("data").withNewEmptyDir().endEmptyDir().endVolume()
                .addNewInitContainer().withName("migrate").withImage("flyway").endInitContainer().endSpec().build();
        List<String> paths = paths(before, Injections.inject(before));
        assertTrue(paths.contains("add /metadata/labels/security.istio.io~1tlsMode"), paths::toString);
        assertTrue(paths.contains("add /metadata/annotations/sidecar.istio.io~1status"), paths::toString);
        assertTrue(paths.contains("add /spec/volumes/1"), paths::toString);
        assertTrue(paths.stream().noneMatch(p -> p.equals("add /spec/volumes") || p.equals("add /metadata/labels")), paths::toString);
    }

    @Test
    void theNativeSidecarGoesInFrontOfThePodsInitContainers() {
        Pod before = Pods.web().editSpec().addNewInitContainer().withName("migrate").withImage("flyway").endInitContainer()
                .endSpec().build();
        Pod after = Injections.inject(before);
        List<String> paths = paths(before, after);
        // istio-init then the proxy, both ahead of the app's own init container
        assertTrue(paths.containsAll(List.of("add /spec/initContainers/0", "add /spec/initContainers/1")), paths::toString);
        assertEquals("migrate", applied(before, after).at("/spec/initContainers/2/name").asText());
    }

    @Test
    void aRewrittenProbeIsReplacedInsideItsContainer() {
        Pod before = Pods.web().editSpec().editFirstContainer().withNewReadinessProbe().withNewHttpGet().withPath("/ready")
                .withNewPort(8080).endHttpGet().endReadinessProbe().endContainer().endSpec().build();
        List<String> paths = paths(before, Injections.inject(before));
        // the one field injection changed, not the container
        assertTrue(paths.contains("replace /spec/containers/0/readinessProbe"), paths::toString);
        assertTrue(paths.stream().noneMatch(p -> p.equals("replace /spec/containers") || p.equals("replace /spec/containers/0")),
                paths::toString);
    }

    @Test
    void theGatewayTemplateEditsThePodsOwnProxyInPlace() {
        Pod before = Pods.web().editMetadata().addToAnnotations(MeshAnnotations.TEMPLATES, "gateway").endMetadata()
                .editSpec().withContainers(new io.fabric8.kubernetes.api.model.ContainerBuilder()
                        .withName(MeshAnnotations.PROXY_CONTAINER).withImage("auto").build()).endSpec().build();
        Pod after = Injections.inject(before);
        List<String> paths = paths(before, after);
        assertTrue(paths.contains("replace /spec/containers/0/image"), paths::toString);
        // no whole container added, removed or replaced: only fields inside the one the pod has
        assertTrue(paths.stream().noneMatch(p -> p.matches("\\w+ /spec/containers(/\\d+)?")), paths::toString);
        assertEquals(read(SERIALIZATION.convertValue(after, JsonNode.class).toString()), applied(before, after));
    }

    @Test
    void anOverrideInTheOtherListIsRemovedWhereItWas() {
        Pod before = Pods.web().editSpec().addNewContainer().withName(MeshAnnotations.PROXY_CONTAINER).withImage("auto")
                .endContainer().endSpec().build();
        Pod after = Injections.inject(before);
        List<String> paths = paths(before, after);
        // the pod's istio-proxy in containers tunes the native sidecar, which is an init container
        assertTrue(paths.contains("remove /spec/containers/1"), paths::toString);
        assertEquals(read(JsonPatch.apply(PodDiffOracle.between(before, after), SERIALIZATION.convertValue(before, JsonNode.class))
                .toString()), applied(before, after));
    }

    @Test
    void injectionLeavesThePodAsSentAsItWas() {
        Pod sent = Pods.web().editSpec().editFirstContainer().withNewLivenessProbe().withNewTcpSocket().withNewPort(8080)
                .endTcpSocket().endLivenessProbe().endContainer()
                .addNewContainer().withName(MeshAnnotations.PROXY_CONTAINER).withImage("auto").endContainer().endSpec().build();
        Pod copy = new PodBuilder(sent).build();
        PodChanges changes = Injections.INJECTOR.changes(sent, InjectionValues.of(sent, "shop", Pods.values(), Pods.TRUST_DOMAIN),
                "test");
        assertEquals(copy, sent);
        // the rewritten app container is a copy; the probe as sent still points at the app
        assertEquals(8080, sent.getSpec().getContainers().get(0).getLivenessProbe().getTcpSocket().getPort().getIntVal());
        assertTrue(changes.containers().get(0).getLivenessProbe().getHttpGet() != null);
    }

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<String> paths(Pod before, Pod after) {
        List<String> paths = new ArrayList<>();
        read(PodPatch.between(before, after)).forEach(op -> paths.add(op.path("op").asText() + " " + op.path("path").asText()));
        return paths;
    }

    private static JsonNode applied(Pod before, Pod after) {
        return read(JsonPatch.apply(read(PodPatch.between(before, after)), SERIALIZATION.convertValue(before, JsonNode.class))
                .toString());
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
