package dev.bollard.webhook.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Pod;

class InjectionDecisionTest {
    private static final Set<String> IGNORED = Set.of("kube-system", "kube-public");

    private static InjectionDecision decide(Pod pod) {
        return InjectionDecision.decide(pod, "shop", IGNORED);
    }

    @Test
    void injectsPodsOfASelectedNamespaceByDefault() {
        InjectionDecision decision = decide(Pods.web().build());
        assertTrue(decision.inject());
        assertEquals("namespace shop is selected for injection", decision.because());
    }

    @Test
    void skipsHostNetworkPods() {
        Pod pod = Pods.web().editSpec().withHostNetwork(true).endSpec()
                .editMetadata().addToLabels(MeshAnnotations.INJECT, "true").endMetadata().build();
        assertEquals(SkipReason.HOST_NETWORK, decide(pod).reason());
    }

    @Test
    void skipsIgnoredNamespacesEvenWhenThePodOptsIn() {
        Pod pod = Pods.withAnnotation(MeshAnnotations.INJECT, "true");
        assertEquals(SkipReason.IGNORED_NAMESPACE, InjectionDecision.decide(pod, "kube-system", IGNORED).reason());
    }

    @Test
    void skipsPodsCarryingTheStatusAnnotation() {
        assertEquals(SkipReason.ALREADY_INJECTED, decide(Pods.withAnnotation(MeshAnnotations.STATUS, "{}")).reason());
    }

    @Test
    void injectsAPodWhoseOwnProxyContainerIsAnOverride() {
        Pod pod = Pods.web().editSpec().addNewContainer().withName("istio-proxy").endContainer().endSpec().build();
        assertTrue(decide(pod).inject());
    }

    @Test
    void neverInjectsMirrorPods() {
        Pod pod = Pods.web().editMetadata().addToAnnotations(MeshAnnotations.MIRROR, "0123abcd")
                .addToLabels(MeshAnnotations.INJECT, "true").endMetadata().build();
        assertEquals(SkipReason.MIRROR_POD, decide(pod).reason());
    }

    @Test
    void anEmptyStatusAnnotationDoesNotSayThePodWasInjected() {
        assertTrue(decide(Pods.withAnnotation(MeshAnnotations.STATUS, "")).inject());
    }

    @Test
    void skipsPodsMeshedByLinkerd() {
        Pod pod = Pods.web().editSpec().addNewContainer().withName("linkerd-proxy").endContainer().endSpec().build();
        assertEquals(SkipReason.OTHER_MESH, decide(pod).reason());
    }

    @Test
    void optOutByLabel() {
        Pod pod = Pods.web().editMetadata().addToLabels(MeshAnnotations.INJECT, "false").endMetadata().build();
        InjectionDecision decision = decide(pod);
        assertEquals(SkipReason.OPTED_OUT, decision.reason());
        assertEquals("label sidecar.istio.io/inject=false", decision.detail());
    }

    @Test
    void optOutByAnnotation() {
        assertEquals(SkipReason.OPTED_OUT, decide(Pods.withAnnotation(MeshAnnotations.INJECT, "false")).reason());
    }

    @Test
    void labelWinsOverAnnotation() {
        Pod pod = Pods.web().editMetadata().addToLabels(MeshAnnotations.INJECT, "true")
                .addToAnnotations(MeshAnnotations.INJECT, "false").endMetadata().build();
        InjectionDecision decision = decide(pod);
        assertTrue(decision.inject());
        assertEquals("label sidecar.istio.io/inject=true", decision.because());
    }

    @Test
    void anEmptyValueLeavesItToTheNamespace() {
        assertTrue(decide(Pods.web().editMetadata().addToLabels(MeshAnnotations.INJECT, "").endMetadata().build()).inject());
    }

    @Test
    void namelessContainersDoNotBreakTheDecision() {
        assertTrue(decide(Pods.web().editSpec().addNewContainer().withImage("nginx").endContainer().endSpec().build()).inject());
    }

    @Test
    void onlyTheExactValuesTrueAndFalseCountAsInIstio() {
        for (String value : new String[] {"maybe", "enabled", "no", "off", "False", "TRUE", "yes", " false"}) {
            InjectionDecision decision = decide(Pods.withAnnotation(MeshAnnotations.INJECT, value));
            assertTrue(decision.inject(), value);
            assertTrue(decision.because().startsWith("namespace shop is selected for injection"), decision.because());
        }
    }
}
