package dev.bollard.webhook.inject;

import static dev.bollard.webhook.inject.Injections.container;
import static dev.bollard.webhook.inject.Injections.inject;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Pod;

class TemplateSelectionTest {
    private static final List<String> KNOWN = List.of("gateway", "grpc-agent", "grpc-simple", "sidecar");

    @Test
    void aPodWithoutTheAnnotationGetsTheSidecarTemplate() {
        assertEquals(List.of("sidecar"), TemplateSelection.of(Pods.web().build(), KNOWN));
    }

    @Test
    void namesAreTrimmedAndKeptInOrder() {
        assertEquals(List.of("sidecar", "grpc-agent"),
                TemplateSelection.of(Pods.withAnnotation(MeshAnnotations.TEMPLATES, " sidecar , grpc-agent"), KNOWN));
    }

    @Test
    void deniesAnUnknownTemplateNamingTheKnownOnes() {
        String message = assertThrows(InvalidAnnotationException.class,
                () -> TemplateSelection.of(Pods.withAnnotation(MeshAnnotations.TEMPLATES, "sidecar,spire"), KNOWN)).getMessage();
        assertTrue(message.contains("inject.istio.io/templates") && message.contains("no template named spire")
                && message.contains("known templates: gateway, grpc-agent, grpc-simple, sidecar"), message);
    }

    @Test
    void deniesAnEmptyName() {
        String message = assertThrows(InvalidAnnotationException.class,
                () -> TemplateSelection.of(Pods.withAnnotation(MeshAnnotations.TEMPLATES, "sidecar,"), KNOWN)).getMessage();
        assertTrue(message.contains("an empty template name"), message);
    }

    @Test
    void grpcAgentAddsNoCaptureAndSharesTheCertificatesWithTheApp() {
        Pod injected = inject(Pods.withAnnotation(MeshAnnotations.TEMPLATES, "grpc-agent"));
        // the proxy is a native sidecar as with every template; there is no istio-init
        assertEquals(List.of("istio-proxy"), injected.getSpec().getInitContainers().stream().map(c -> c.getName()).toList(),
                "no istio-init: nothing is captured");
        assertTrue(container(injected, "istio-proxy").getArgs().contains("--out=/var/lib/istio/data"));
        assertTrue(container(injected, "web").getVolumeMounts().stream()
                .anyMatch(m -> m.getName().equals("workload-certs") && m.getMountPath().equals("/var/lib/istio/data")));
        assertEquals("nginx", container(injected, "web").getImage(), "the app keeps its own fields");
        assertEquals(List.of("web"), injected.getSpec().getContainers().stream().map(c -> c.getName()).toList());
    }
}
