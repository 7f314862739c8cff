package dev.bollard.webhook.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;

class SidecarTemplateTest {
    private static final SidecarTemplate TEMPLATE = SidecarTemplate.parse(SidecarSources.template(Optional.empty()));

    private static PodSpec render() {
        return TEMPLATE.render(InjectionValues.of(Pods.web().build(), "shop", Pods.values(), Pods.TRUST_DOMAIN));
    }

    @Test
    void theRenderCacheKeyComparesEveryInjectionValue() {
        assertEquals(InjectionValues.class.getRecordComponents().length, SidecarTemplate.RenderKey.COMPONENTS,
                "InjectionValues gained a component: compare it in SidecarTemplate.RenderKey, or renders are reused wrongly");
    }

    @Test
    void initContainerHasOnlyTheCapabilitiesIptablesNeeds() {
        Container init = render().getInitContainers().get(0);
        assertEquals("istio-init", init.getName());
        assertEquals(java.util.List.of("NET_ADMIN", "NET_RAW"), init.getSecurityContext().getCapabilities().getAdd());
        assertEquals(java.util.List.of("ALL"), init.getSecurityContext().getCapabilities().getDrop());
        assertEquals(0L, init.getSecurityContext().getRunAsUser());
        assertEquals(false, init.getSecurityContext().getPrivileged());
        assertEquals(false, init.getSecurityContext().getAllowPrivilegeEscalation());
    }

    @Test
    void initContainerArgsCarryThePodsCaptureSettings() {
        assertTrue(render().getInitContainers().get(0).getArgs().contains("--include-inbound-ports=*"));
    }

    @Test
    void proxyRunsAsTheProxyUserWithAReadOnlyRoot() {
        Container proxy = render().getContainers().get(0);
        assertEquals(1337L, proxy.getSecurityContext().getRunAsUser());
        assertEquals(1337L, proxy.getSecurityContext().getRunAsGroup());
        assertEquals(true, proxy.getSecurityContext().getRunAsNonRoot());
        assertEquals(true, proxy.getSecurityContext().getReadOnlyRootFilesystem());
        assertEquals(false, proxy.getSecurityContext().getAllowPrivilegeEscalation());
    }

    @Test
    void proxyExposesCaptureHealthAndMetricsPorts() {
        assertEquals(java.util.List.of(15001, 15006, 15021, 15090),
                render().getContainers().get(0).getPorts().stream().map(p -> p.getContainerPort()).toList());
        assertEquals("http-envoy-prom", render().getContainers().get(0).getPorts().get(3).getName());
        assertEquals("/healthz/ready", render().getContainers().get(0).getReadinessProbe().getHttpGet().getPath());
    }

    @Test
    void tokenVolumeIsProjectedForTheCaAudience() {
        var token = render().getVolumes().stream().filter(v -> v.getName().equals("istio-token")).findFirst().orElseThrow();
        assertEquals("istio-ca", token.getProjected().getSources().get(0).getServiceAccountToken().getAudience());
    }

    @Test
    void yamlQuotingKeepsAnyValueInsideItsString() {
        SidecarTemplate template = SidecarTemplate.parse("containers:\n- name: {pod.spiffeId.yaml}\n");
        InjectionValues values = InjectionValues.of(Pods.web().build(), "shop", Pods.values(), Pods.TRUST_DOMAIN);
        InjectionValues odd = new InjectionValues(values.values(), values.capture(), values.resources(),
                new PodIdentity("shop", "sa", "cluster.local", "a\"b: c\n- d", java.util.List.of("web")), values.lifecycle(),
                values.status(), values.placement(), values.ids());
        assertEquals("a\"b: c\n- d", template.render(odd).getContainers().get(0).getName());
    }

    @Test
    void identityUsesTheCasTrustDomain() {
        InjectionValues values = InjectionValues.of(Pods.web().withNewSpec().withServiceAccountName("web").addNewContainer()
                .withName("web").endContainer().endSpec().build(), "shop", Pods.values(),
                dev.bollard.identity.TrustDomain.parse("prod.example.com"));
        Container proxy = TEMPLATE.render(values).getContainers().get(0);
        assertTrue(proxy.getEnv().stream().anyMatch(e -> e.getName().equals("TRUST_DOMAIN") && e.getValue().equals("prod.example.com")));
        assertEquals("spiffe://prod.example.com/ns/shop/sa/web", values.pod().spiffeId());
    }

    @Test
    void ipv6CaptureIsOffByDefaultAndOnWhenValuesSaySo() {
        assertTrue(!render().getInitContainers().get(0).getArgs().contains("--ipv6"));
        MeshValues dualStack = MeshValues.parse(SidecarSources.values(Optional.empty()).replace("ipv6: false", "ipv6: true"));
        PodSpec spec = TEMPLATE.render(InjectionValues.of(Pods.web().build(), "shop", dualStack, Pods.TRUST_DOMAIN));
        assertTrue(spec.getInitContainers().get(0).getArgs().contains("--ipv6"));
    }

    @Test
    void eachRenderIsAFreshCopy() {
        PodSpec first = render();
        first.getContainers().get(0).setName("changed");
        assertEquals("istio-proxy", render().getContainers().get(0).getName());
    }

    @Test
    void aTemplateThatDoesNotParseIsRefusedWithQutesMessage() {
        assertThrows(IllegalArgumentException.class, () -> SidecarTemplate.parse("containers: {#if}"));
    }

    @Test
    void unknownValuesKeysAreRefused() {
        String message = assertThrows(IllegalArgumentException.class,
                () -> MeshValues.parse(SidecarSources.values(Optional.empty()) + "\nimagez: {}\n")).getMessage();
        assertTrue(message.contains("imagez"), message);
    }

    @Test
    void rejectsARevisionThatCannotBeALabelValue() {
        String message = assertThrows(IllegalArgumentException.class,
                () -> MeshValues.parse(SidecarSources.values(Optional.empty()).replace("revision: default", "revision: canary/1"))).getMessage();
        assertTrue(message.contains("revision 'canary/1' is not a label value"), message);
        assertEquals("1-24-0", MeshValues.parse(SidecarSources.values(Optional.empty())
                .replace("revision: default", "revision: 1-24-0")).revision());
    }
}
