package dev.bollard.webhook.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;

class ProxyPlacementTest {
    private static final MeshValues VALUES = Pods.values();
    private static final SidecarTemplate TEMPLATE = SidecarTemplate.parse(SidecarSources.template(java.util.Optional.empty()));

    private static ProxyPlacement of(Pod pod) {
        return ProxyPlacement.of(pod, VALUES.proxy(), ProxyLifecycle.of(pod, VALUES));
    }

    private static PodSpec placed(Pod pod) {
        InjectionValues values = InjectionValues.of(pod, "shop", VALUES, Pods.TRUST_DOMAIN);
        return ProxyPlacer.place(TEMPLATE.render(values), values.placement());
    }

    @Test
    void theProxyIsANativeSidecarRightAfterIstioInitByDefault() {
        PodSpec spec = placed(Pods.web().build());
        assertEquals(java.util.List.of("istio-init", "istio-proxy"), spec.getInitContainers().stream().map(Container::getName).toList());
        assertTrue(spec.getContainers().isEmpty());
        Container proxy = spec.getInitContainers().get(1);
        assertEquals("Always", proxy.getRestartPolicy());
        assertEquals("/healthz/ready", proxy.getStartupProbe().getHttpGet().getPath());
        assertEquals(15021, proxy.getStartupProbe().getHttpGet().getPort().getIntVal());
        assertEquals(1, proxy.getStartupProbe().getPeriodSeconds());
        assertEquals(600, proxy.getStartupProbe().getFailureThreshold());
    }

    @Test
    void nativeSidecarFalseKeepsARegularContainerWithoutAHook() {
        PodSpec spec = placed(Pods.withAnnotation(MeshAnnotations.NATIVE_SIDECAR, "false"));
        assertEquals("istio-proxy", spec.getContainers().get(0).getName());
        assertEquals(null, spec.getContainers().get(0).getRestartPolicy());
        assertEquals(null, spec.getContainers().get(0).getLifecycle());
        assertFalse(of(Pods.withAnnotation(MeshAnnotations.NATIVE_SIDECAR, "false")).holdApplication());
    }

    @Test
    void aRegularSidecarHoldingTheAppWaitsForReadinessInPostStart() {
        Pod pod = Pods.web().editMetadata().addToAnnotations(MeshAnnotations.NATIVE_SIDECAR, "false")
                .addToAnnotations(MeshAnnotations.PROXY_CONFIG, "holdApplicationUntilProxyStarts: true").endMetadata().build();
        assertTrue(of(pod).holdApplication());
        java.util.List<String> command = placed(pod).getContainers().get(0).getLifecycle().getPostStart().getExec().getCommand();
        assertTrue(command.contains("wait") && command.contains("--health-port=15021"), command.toString());
    }

    @Test
    void aNativeSidecarNeedsNoHook() {
        Pod pod = Pods.withAnnotation(MeshAnnotations.PROXY_CONFIG, "holdApplicationUntilProxyStarts: true");
        assertFalse(of(pod).holdApplication());
        assertEquals(null, placed(pod).getInitContainers().get(1).getLifecycle());
    }

    @Test
    void interceptionModeNoneAddsNoIstioInitAndTheProxyGoesFirst() {
        PodSpec spec = placed(Pods.withAnnotation(MeshAnnotations.INTERCEPTION_MODE, "NONE"));
        assertEquals(java.util.List.of("istio-proxy"), spec.getInitContainers().stream().map(Container::getName).toList());
    }

    @Test
    void tproxyIsRefusedWithAReason() {
        String message = assertThrows(InvalidAnnotationException.class,
                () -> of(Pods.withAnnotation(MeshAnnotations.INTERCEPTION_MODE, "TPROXY"))).getMessage();
        assertTrue(message.contains("TPROXY is not supported") && message.contains("REDIRECT"), message);
        assertTrue(assertThrows(InvalidAnnotationException.class,
                () -> of(Pods.withAnnotation(MeshAnnotations.INTERCEPTION_MODE, "redirect"))).getMessage()
                .contains("expected REDIRECT or NONE"));
    }

    @Test
    void aNativeSidecarValueThatIsNeitherTrueNorFalseIsDenied() {
        assertTrue(assertThrows(InvalidAnnotationException.class,
                () -> of(Pods.withAnnotation(MeshAnnotations.NATIVE_SIDECAR, "yes"))).getMessage()
                .contains("sidecar.istio.io/nativeSidecar"));
    }
}
