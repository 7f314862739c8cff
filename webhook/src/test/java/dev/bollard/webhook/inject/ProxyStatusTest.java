package dev.bollard.webhook.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Pod;

class ProxyStatusTest {
    private static final MeshValues.Proxy PROXY = Pods.values().proxy();

    private static ProxyStatus of(Pod pod) {
        return ProxyStatus.of(pod, PROXY);
    }

    @Test
    void theAgentPortIsTheStatusPortByDefault() {
        assertEquals(new ProxyStatus(15020, 1, 2, 30), of(Pods.web().build()));
    }

    @Test
    void readinessAnnotationsSetTheProbe() {
        Pod pod = Pods.web().editMetadata().addToAnnotations(MeshAnnotations.STATUS_PORT, "123")
                .addToAnnotations(MeshAnnotations.READINESS_INITIAL_DELAY, "10")
                .addToAnnotations(MeshAnnotations.READINESS_PERIOD, "20")
                .addToAnnotations(MeshAnnotations.READINESS_FAILURE_THRESHOLD, "30").endMetadata().build();
        assertEquals(new ProxyStatus(123, 10, 20, 30), of(pod));
    }

    @Test
    void portZeroTurnsTheProbesOff() {
        assertFalse(of(Pods.withAnnotation(MeshAnnotations.STATUS_PORT, "0")).enabled());
    }

    @Test
    void deniesBadValuesNamingTheAnnotation() {
        assertTrue(assertThrows(InvalidAnnotationException.class, () -> of(Pods.withAnnotation(MeshAnnotations.STATUS_PORT, "http")))
                .getMessage().contains("status.sidecar.istio.io/port"));
        assertTrue(assertThrows(InvalidAnnotationException.class, () -> of(Pods.withAnnotation(MeshAnnotations.READINESS_PERIOD, "0")))
                .getMessage().contains("outside 1-"));
        assertTrue(assertThrows(InvalidAnnotationException.class, () -> of(Pods.withAnnotation(MeshAnnotations.STATUS_PORT, "15006")))
                .getMessage().contains("already one of the proxy's own ports"));
    }
}
