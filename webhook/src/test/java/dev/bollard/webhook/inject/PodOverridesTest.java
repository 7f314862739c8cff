package dev.bollard.webhook.inject;

import static dev.bollard.webhook.inject.Injections.container;
import static dev.bollard.webhook.inject.Injections.initContainer;
import static dev.bollard.webhook.inject.Injections.inject;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;

class PodOverridesTest {

    private static Pod withOwnProxy(Container proxy) {
        return Pods.web().editSpec().addToContainers(proxy).endSpec().build();
    }

    @Test
    void theFieldsThePodsOwnProxySetsWin() {
        Container own = new ContainerBuilder().withName("istio-proxy")
                .withNewResources().addToLimits("memory", new Quantity("2Gi")).endResources()
                .addNewEnv().withName("EXTRA").withValue("1").endEnv()
                .addNewEnv().withName("CA_ADDR").withValue("https://ca.example:443").endEnv().build();
        Container proxy = container(inject(withOwnProxy(own)), "istio-proxy");
        assertEquals(new Quantity("2Gi"), proxy.getResources().getLimits().get("memory"));
        assertEquals(new Quantity("100m"), proxy.getResources().getRequests().get("cpu"), "unset fields keep ours");
        assertEquals("https://ca.example:443", env(proxy, "CA_ADDR").getValue());
        assertEquals("1", env(proxy, "EXTRA").getValue());
        assertTrue(proxy.getArgs().contains("proxy"), "our args stay when the override sets none");
    }

    @Test
    void theMergedProxyTakesTheInjectedPlaceOnce() {
        Container own = new ContainerBuilder().withName("istio-proxy").withImage("mine:1").build();
        Pod pod = Pods.web().editSpec().withContainers(own, Pods.web().buildSpec().getContainers().get(0)).endSpec().build();
        Pod injected = inject(pod);
        assertEquals(List.of("web"), injected.getSpec().getContainers().stream().map(Container::getName).toList());
        assertEquals(List.of("istio-init", "istio-proxy"), injected.getSpec().getInitContainers().stream().map(Container::getName).toList(),
                "the merged proxy is the native sidecar, once");
        assertEquals("mine:1", container(inject(pod), "istio-proxy").getImage());
    }

    @Test
    void recordsTheOverridesAsIstioDoes() {
        Container own = new ContainerBuilder().withName("istio-proxy").withImage("auto").withTty(true).build();
        // recorded under the list the template put the proxy in: a native sidecar is an init container
        assertEquals("{\"initContainers\":[{\"name\":\"istio-proxy\",\"tty\":true}]}",
                inject(withOwnProxy(own)).getMetadata().getAnnotations().get(MeshAnnotations.OVERRIDES));
        assertNull(inject(Pods.web().build()).getMetadata().getAnnotations().get(MeshAnnotations.OVERRIDES));
    }

    @Test
    void imageAutoMeansTheInjectorsImage() {
        Container own = new ContainerBuilder().withName("istio-proxy").withImage("auto").build();
        assertEquals("ghcr.io/bollard/proxy:0.1.0", container(inject(withOwnProxy(own)), "istio-proxy").getImage());
    }

    @Test
    void anOwnIstioInitIsMergedToo() {
        Pod pod = Pods.web().editSpec().addNewInitContainer().withName("istio-init").withImagePullPolicy("Always")
                .endInitContainer().endSpec().build();
        Pod injected = inject(pod);
        assertEquals(List.of("istio-init", "istio-proxy"), injected.getSpec().getInitContainers().stream().map(Container::getName).toList());
        Container init = initContainer(injected, "istio-init");
        assertEquals("Always", init.getImagePullPolicy());
        assertTrue(init.getArgs().stream().anyMatch(a -> a.startsWith("--proxy-uid=")));
    }

    @Test
    void aPodVolumeWithOurNameReplacesOurSourceAndIsNotDuplicated() {
        Pod pod = Pods.web().editSpec().addNewVolume().withName("istio-proxy-tmp").withNewEmptyDir().withSizeLimit(new Quantity("256Mi"))
                .endEmptyDir().endVolume().endSpec().build();
        List<Volume> tmp = inject(pod).getSpec().getVolumes().stream().filter(v -> v.getName().equals("istio-proxy-tmp")).toList();
        assertEquals(1, tmp.size());
        assertEquals(new Quantity("256Mi"), tmp.get(0).getEmptyDir().getSizeLimit());
    }

    @Test
    void aPodVolumeWithAnotherSourceDropsOurs() {
        Pod pod = Pods.web().editSpec().addNewVolume().withName("istiod-ca-cert").withNewSecret().withSecretName("my-root")
                .endSecret().endVolume().endSpec().build();
        Volume root = inject(pod).getSpec().getVolumes().stream().filter(v -> v.getName().equals("istiod-ca-cert")).findFirst().orElseThrow();
        assertEquals("my-root", root.getSecret().getSecretName());
        assertNull(root.getConfigMap());
    }

    @Test
    void istioInitExemptsTheUserTheOverrideRunsTheProxyAs() {
        Container own = new ContainerBuilder().withName("istio-proxy")
                .withNewSecurityContext().withRunAsUser(1234L).withRunAsGroup(1235L).endSecurityContext().build();
        Pod injected = inject(withOwnProxy(own));
        List<String> args = initContainer(injected, "istio-init").getArgs();
        // the group too is the user's id, as Istio: a group shared with the app must not bypass capture
        assertTrue(args.contains("--proxy-uid=1234") && args.contains("--proxy-gid=1234"), args.toString());
        assertEquals(1235L, container(injected, "istio-proxy").getSecurityContext().getRunAsGroup());
        assertEquals(1234L, container(injected, "istio-proxy").getSecurityContext().getRunAsUser());
    }

    @Test
    void deniesANegativeProxyUser() {
        Container own = new ContainerBuilder().withName("istio-proxy")
                .withNewSecurityContext().withRunAsUser(-1L).endSecurityContext().build();
        String message = org.junit.jupiter.api.Assertions.assertThrows(InjectionRefusedException.class,
                () -> inject(withOwnProxy(own))).getMessage();
        assertTrue(message.contains("runAsUser"), message);
    }

    @Test
    void aSecondPassOverTheInjectedPodIsSkipped() {
        Container own = new ContainerBuilder().withName("istio-proxy").withImage("mine:1").build();
        Pod injected = inject(withOwnProxy(own));
        assertEquals(SkipReason.ALREADY_INJECTED, InjectionDecision.decide(injected, "shop", java.util.Set.of()).reason());
    }

    private static EnvVar env(Container container, String name) {
        return container.getEnv().stream().filter(e -> name.equals(e.getName())).findFirst().orElseThrow();
    }
}
