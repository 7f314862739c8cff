package dev.bollard.webhook.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Pod;

class ProxyResourcesTest {
    private static final MeshValues VALUES = Pods.values();

    @Test
    void defaultsComeFromValues() {
        ProxyResources resources = ProxyResources.of(Pods.web().build(), VALUES);
        assertEquals(new ProxyResources("ghcr.io/bollard/proxy:0.1.0", "100m", "128Mi", "2000m", "1Gi"), resources);
    }

    @Test
    void annotationsOverrideDefaults() {
        Pod pod = Pods.web().editMetadata().addToAnnotations(MeshAnnotations.PROXY_CPU, "200m")
                .addToAnnotations(MeshAnnotations.PROXY_MEMORY, "256Mi").addToAnnotations(MeshAnnotations.PROXY_CPU_LIMIT, "1")
                .addToAnnotations(MeshAnnotations.PROXY_MEMORY_LIMIT, "512Mi").endMetadata().build();
        assertEquals(new ProxyResources("ghcr.io/bollard/proxy:0.1.0", "200m", "256Mi", "1", "512Mi"),
                ProxyResources.of(pod, VALUES));
    }

    @Test
    void oneAnnotationReplacesAllDefaultsAsIstioDoes() {
        ProxyResources resources = ProxyResources.of(Pods.withAnnotation(MeshAnnotations.PROXY_MEMORY_LIMIT, "64Mi"), VALUES);
        assertEquals(new ProxyResources("ghcr.io/bollard/proxy:0.1.0", null, null, null, "64Mi"), resources);
        assertFalse(resources.hasRequests());
        assertTrue(resources.hasLimits());
    }

    @Test
    void aRequestAloneRendersNoLimits() {
        ProxyResources resources = ProxyResources.of(Pods.withAnnotation(MeshAnnotations.PROXY_CPU, "4"), VALUES);
        assertEquals(new ProxyResources("ghcr.io/bollard/proxy:0.1.0", "4", null, null, null), resources);
        assertFalse(resources.hasLimits());
    }

    @Test
    void theImageAnnotationKeepsTheDefaultResources() {
        ProxyResources resources = ProxyResources.of(Pods.withAnnotation(MeshAnnotations.PROXY_IMAGE, "registry.example/proxy:1.2"), VALUES);
        assertEquals(new ProxyResources("registry.example/proxy:1.2", "100m", "128Mi", "2000m", "1Gi"), resources);
    }

    @Test
    void deniesContradictingExplicitValuesNamingBoth() {
        Pod pod = Pods.web().editMetadata().addToAnnotations(MeshAnnotations.PROXY_CPU, "2")
                .addToAnnotations(MeshAnnotations.PROXY_CPU_LIMIT, "500m").endMetadata().build();
        String message = assertThrows(InvalidAnnotationException.class, () -> ProxyResources.of(pod, VALUES)).getMessage();
        assertTrue(message.contains("sidecar.istio.io/proxyCPU=\"2\"") && message.contains("sidecar.istio.io/proxyCPULimit"), message);
    }

    @Test
    void deniesSomethingThatIsNotAQuantity() {
        String message = assertThrows(InvalidAnnotationException.class,
                () -> ProxyResources.of(Pods.withAnnotation(MeshAnnotations.PROXY_MEMORY, "lots"), VALUES)).getMessage();
        assertTrue(message.contains("sidecar.istio.io/proxyMemory") && message.contains("not a Kubernetes quantity"), message);
    }

    @Test
    void deniesAnImageThatCouldBreakTheManifest() {
        String message = assertThrows(InvalidAnnotationException.class,
                () -> ProxyResources.of(Pods.withAnnotation(MeshAnnotations.PROXY_IMAGE, "evil\"\nimage"), VALUES)).getMessage();
        assertTrue(message.contains("sidecar.istio.io/proxyImage"), message);
    }

    @Test
    void takesAProxyImageOverride() {
        assertEquals("registry.local/proxy:dev",
                ProxyResources.of(Pods.withAnnotation(MeshAnnotations.PROXY_IMAGE, "registry.local/proxy:dev"), VALUES).image());
    }
}
