package dev.bollard.webhook.inject;

import static dev.bollard.webhook.inject.Injections.container;
import static dev.bollard.webhook.inject.Injections.inject;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.VolumeMount;

class UserVolumesTest {

    private static Pod annotated(String volumes, String mounts) {
        return Pods.web().editMetadata().addToAnnotations(MeshAnnotations.USER_VOLUME, volumes)
                .addToAnnotations(MeshAnnotations.USER_VOLUME_MOUNT, mounts).endMetadata().build();
    }

    @Test
    void addsTheVolumesAndMountsTheProxyInNameOrder() {
        Pod injected = inject(annotated("{\"sds\":{\"hostPath\":{\"path\":\"/var/run/sds\"}},\"certs\":{\"secret\":{\"secretName\":\"c\"}}}",
                "{\"sds\":{\"mountPath\":\"/var/run/sds\",\"readOnly\":true}}"));
        assertEquals("/var/run/sds", injected.getSpec().getVolumes().stream().filter(v -> v.getName().equals("sds"))
                .findFirst().orElseThrow().getHostPath().getPath());
        VolumeMount last = container(injected, "istio-proxy").getVolumeMounts().get(
                container(injected, "istio-proxy").getVolumeMounts().size() - 1);
        assertEquals(new io.fabric8.kubernetes.api.model.VolumeMountBuilder().withName("sds").withMountPath("/var/run/sds").withReadOnly(true).build(), last);
        int certs = names(injected).indexOf("certs");
        assertTrue(certs >= 0 && certs < names(injected).indexOf("sds"), "volumes in name order");
        assertTrue(injected.getMetadata().getAnnotations().get(MeshAnnotations.STATUS).contains("\"certs\",\"sds\""));
    }

    @Test
    void deniesJsonThatIsNotAMap() {
        assertDenied(annotated("[1]", "{}"), MeshAnnotations.USER_VOLUME, "must be a JSON object");
        assertDenied(annotated("{bad", "{}"), MeshAnnotations.USER_VOLUME, "not JSON");
    }

    @Test
    void deniesAVolumeWithoutASource() {
        assertDenied(annotated("{\"x\":{}}", "{}"), MeshAnnotations.USER_VOLUME, "names no source");
    }

    @Test
    void deniesABadVolumeName() {
        assertDenied(annotated("{\"Not_A_Name\":{\"emptyDir\":{}}}", "{}"), MeshAnnotations.USER_VOLUME, "is not a volume name");
    }

    @Test
    void deniesAMountOfAnUnknownVolume() {
        assertDenied(annotated("{}", "{\"nope\":{\"mountPath\":\"/x\"}}"), MeshAnnotations.USER_VOLUME_MOUNT, "no volume named nope");
    }

    @Test
    void deniesAMountWithoutAnAbsolutePath() {
        assertDenied(annotated("{\"x\":{\"emptyDir\":{}}}", "{\"x\":{\"readOnly\":true}}"), MeshAnnotations.USER_VOLUME_MOUNT,
                "needs an absolute mountPath");
    }

    @Test
    void deniesFieldsOfTheWrongType() {
        assertDenied(annotated("{\"x\":{\"hostPath\":\"/var\"}}", "{}"), MeshAnnotations.USER_VOLUME, "does not fit the Kubernetes Volume");
    }

    private static java.util.List<String> names(Pod pod) {
        return pod.getSpec().getVolumes().stream().map(v -> v.getName()).toList();
    }

    private static void assertDenied(Pod pod, String annotation, String fragment) {
        String message = assertThrows(InvalidAnnotationException.class, () -> inject(pod)).getMessage();
        assertTrue(message.contains(annotation) && message.contains(fragment), message);
    }
}
