package dev.bollard.webhook.inject;

import static dev.bollard.webhook.inject.Injections.container;
import static dev.bollard.webhook.inject.Injections.inject;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;

/** Istio's gateway and grpc-simple templates, and the template metadata that settles their knobs. */
class GatewayAndGrpcSimpleTemplatesTest {

    private static Pod gateway() {
        return new PodBuilder().withNewMetadata().withName("ingress").withNamespace("shop")
                .addToAnnotations(MeshAnnotations.TEMPLATES, "gateway").endMetadata()
                .withNewSpec().addNewContainer().withName("istio-proxy").withImage("auto").endContainer().endSpec().build();
    }

    private static List<String> names(List<Container> containers) {
        return containers == null ? List.of() : containers.stream().map(Container::getName).toList();
    }

    @Test
    void gatewayFillsInThePodsOwnProxyAsARegularContainerWithoutCapture() {
        Pod injected = inject(gateway());
        assertEquals(List.of("istio-proxy"), names(injected.getSpec().getContainers()), "a regular container, the only one");
        assertEquals(List.of(), names(injected.getSpec().getInitContainers()), "no istio-init, no native sidecar");
        Container proxy = container(injected, "istio-proxy");
        assertEquals(Pods.values().images().proxy(), proxy.getImage(), "image: auto is the injector's image");
        assertNull(proxy.getRestartPolicy());
        assertNull(proxy.getStartupProbe(), "nothing to hold: readiness only");
        assertEquals("/healthz/ready", proxy.getReadinessProbe().getHttpGet().getPath());
        assertTrue(proxy.getArgs().contains("--root-cert=/var/run/secrets/istio/root-cert.pem"));
        assertEquals("false", injected.getMetadata().getAnnotations().get(MeshAnnotations.NATIVE_SIDECAR),
                "the template says why the proxy is a regular container");
    }

    @Test
    void gatewaysKeepARegularProxyEvenWhenThePodAsksForANativeOne() {
        Pod pod = new PodBuilder(gateway()).editMetadata().addToAnnotations(MeshAnnotations.NATIVE_SIDECAR, "true")
                .endMetadata().editSpec().addNewContainer().withName("app").withImage("nginx").endContainer().endSpec().build();
        Pod injected = inject(pod);
        assertEquals(List.of("app", "istio-proxy"), names(injected.getSpec().getContainers()),
                "the template overlays the pod, as in Istio");
    }

    @Test
    void grpcSimpleAddsNoProxyAndGivesTheAppsTheCertificates() {
        Pod injected = inject(Pods.withAnnotation(MeshAnnotations.TEMPLATES, "grpc-simple"));
        assertEquals(List.of("web"), names(injected.getSpec().getContainers()), "no proxy");
        assertEquals(List.of("grpc-bootstrap-init"), names(injected.getSpec().getInitContainers()), "no istio-init");
        Container init = injected.getSpec().getInitContainers().get(0);
        assertEquals(List.of("cert", "fetch"), init.getArgs().subList(0, 2));
        assertTrue(init.getArgs().contains("--out=/var/lib/grpc/data"));
        assertTrue(container(injected, "web").getVolumeMounts().stream().anyMatch(m ->
                m.getName().equals("grpc-io-proxyless-bootstrap") && m.getMountPath().equals("/var/lib/grpc/data")
                        && Boolean.TRUE.equals(m.getReadOnly())));
    }

    @Test
    void aPodWithoutAProxyIsNotLabelledForMtlsNorScraped() {
        Pod injected = inject(Pods.withAnnotation(MeshAnnotations.TEMPLATES, "grpc-simple"));
        assertFalse(injected.getMetadata().getLabels().containsKey(MeshAnnotations.TLS_MODE_LABEL),
                "peers would send mTLS that nothing in the pod terminates");
        assertFalse(injected.getMetadata().getAnnotations().containsKey(MeshAnnotations.PROMETHEUS_SCRAPE),
                "nothing serves /stats/prometheus");
        assertEquals("istio", inject(gateway()).getMetadata().getLabels().get(MeshAnnotations.TLS_MODE_LABEL));
    }

    @Test
    void grpcSimpleLeavesTheAppsProbesAsWritten() {
        Pod pod = new PodBuilder(Pods.withAnnotation(MeshAnnotations.TEMPLATES, "grpc-simple")).editSpec().editContainer(0)
                .withNewReadinessProbe().withNewHttpGet().withPath("/ready").withNewPort(8080).endHttpGet().endReadinessProbe()
                .endContainer().endSpec().build();
        Pod injected = inject(pod);
        assertEquals("/ready", container(injected, "web").getReadinessProbe().getHttpGet().getPath());
        assertEquals("false", injected.getMetadata().getAnnotations().get(AppProbeRewrite.REWRITE_ANNOTATION),
                "Istio's template sets it: nothing answers on 15020");
    }

    @Test
    void templateMetadataMayHoldOnlyLabelsAndAnnotations() {
        SidecarTemplate template = SidecarTemplate.parse("metadata:\n  finalizers: [x]\ncontainers: []\n");
        InjectionValues values = SampleValues.of(Pods.values());
        String message = assertThrows(IllegalStateException.class, () -> template.render(values)).getMessage();
        assertTrue(message.contains("labels and annotations, not finalizers"), message);
    }

    @Test
    void templatesWithoutMetadataLeaveThePodAsItIs() {
        Pod pod = Pods.web().build();
        assertTrue(Injections.INJECTOR.withTemplateMetadata(pod, InjectionValues.of(pod, "shop", Pods.values(),
                Pods.TRUST_DOMAIN)) == pod);
        assertFalse(inject(pod).getMetadata().getAnnotations().containsKey(MeshAnnotations.NATIVE_SIDECAR));
    }

    @Test
    void laterTemplatesMetadataWins() {
        TemplateMetadata first = new TemplateMetadata(Map.of("a", "1"), Map.of("x", "1", "y", "1"));
        TemplateMetadata later = new TemplateMetadata(Map.of(), Map.of("y", "2"));
        assertEquals(Map.of("x", "1", "y", "2"), first.then(later).annotations());
        assertEquals(Map.of("a", "1"), first.then(later).labels());
    }
}
