package dev.bollard.webhook.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;

class AppProbeRewriteTest {
    private static final int STATUS = 15020;

    @Test
    void rewritesHttpTcpAndNamedPortProbesAndRecordsTheOriginals() {
        PodSpec spec = spec(new ContainerBuilder().withName("web").addNewPort().withName("http").withContainerPort(8080).endPort()
                .withNewLivenessProbe().withNewHttpGet().withPath("/live").withPort(new IntOrString("http")).withScheme("HTTPS")
                .addNewHttpHeader("X-Probe", "1").endHttpGet().withTimeoutSeconds(3).withPeriodSeconds(7).endLivenessProbe()
                .withNewReadinessProbe().withNewTcpSocket().withPort(new IntOrString(8080)).endTcpSocket().endReadinessProbe()
                .build());
        AppProbeRewrite.apply(spec, STATUS);

        Container web = spec.getContainers().get(0);
        assertEquals("/app-health/web/livez", web.getLivenessProbe().getHttpGet().getPath());
        assertEquals(STATUS, web.getLivenessProbe().getHttpGet().getPort().getIntVal());
        assertEquals("HTTP", web.getLivenessProbe().getHttpGet().getScheme());
        assertEquals(7, web.getLivenessProbe().getPeriodSeconds());
        assertEquals(3, web.getLivenessProbe().getTimeoutSeconds());
        assertNull(web.getReadinessProbe().getTcpSocket());
        assertEquals("/app-health/web/readyz", web.getReadinessProbe().getHttpGet().getPath());
        assertEquals("{\"/app-health/web/livez\":{\"httpGet\":{\"path\":\"/live\",\"port\":8080,\"scheme\":\"HTTPS\","
                + "\"httpHeaders\":[{\"name\":\"X-Probe\",\"value\":\"1\"}]},\"timeoutSeconds\":3},"
                + "\"/app-health/web/readyz\":{\"tcpSocket\":{\"port\":8080}}}", probersEnv(spec));
    }

    @Test
    void rewritesLifecycleHooksToAppLifecyclePaths() {
        PodSpec spec = spec(new ContainerBuilder().withName("web").withNewLifecycle()
                .withNewPreStop().withNewHttpGet().withPath("/drain").withPort(new IntOrString(8080)).endHttpGet().endPreStop()
                .withNewPostStart().withNewTcpSocket().withPort(new IntOrString(9090)).endTcpSocket().endPostStart()
                .endLifecycle().build());
        AppProbeRewrite.apply(spec, STATUS);

        Container web = spec.getContainers().get(0);
        assertEquals("/app-lifecycle/web/prestopz", web.getLifecycle().getPreStop().getHttpGet().getPath());
        assertEquals("/app-lifecycle/web/poststartz", web.getLifecycle().getPostStart().getHttpGet().getPath());
        assertNull(web.getLifecycle().getPostStart().getTcpSocket());
        assertEquals("{\"/app-lifecycle/web/poststartz\":{\"tcpSocket\":{\"port\":9090}},"
                + "\"/app-lifecycle/web/prestopz\":{\"httpGet\":{\"path\":\"/drain\",\"port\":8080}}}", probersEnv(spec));
    }

    @Test
    void rewritesGrpcProbesAsIstioDoes() {
        PodSpec spec = spec(new ContainerBuilder().withName("api")
                .withNewLivenessProbe().withNewGrpc().withPort(9000).withService("health").endGrpc().endLivenessProbe().build());
        AppProbeRewrite.apply(spec, STATUS);

        assertNull(spec.getContainers().get(0).getLivenessProbe().getGrpc());
        assertEquals("/app-health/api/livez", spec.getContainers().get(0).getLivenessProbe().getHttpGet().getPath());
        assertEquals("{\"/app-health/api/livez\":{\"grpc\":{\"port\":9000,\"service\":\"health\"}}}", probersEnv(spec));
    }

    @Test
    void leavesExecProbesAndAddsNoEmptyEnv() {
        PodSpec spec = spec(new ContainerBuilder().withName("db")
                .withNewLivenessProbe().withNewExec().withCommand("pg_isready").endExec().endLivenessProbe().build());
        AppProbeRewrite.apply(spec, STATUS);

        assertEquals(List.of("pg_isready"), spec.getContainers().get(0).getLivenessProbe().getExec().getCommand());
        assertNull(probersEnv(spec));
    }

    @Test
    void leavesAnAlreadyRewrittenProbeAsItIs() {
        PodSpec spec = spec(new ContainerBuilder().withName("web").withNewReadinessProbe().withNewHttpGet()
                .withPath("/app-health/web/readyz").withPort(new IntOrString(STATUS)).endHttpGet().endReadinessProbe().build());
        AppProbeRewrite.apply(spec, STATUS);

        assertEquals("/app-health/web/readyz", spec.getContainers().get(0).getReadinessProbe().getHttpGet().getPath());
        assertNull(probersEnv(spec));
    }

    @Test
    void anUnknownPortNameIsRewrittenButNotRecorded() {
        PodSpec spec = spec(new ContainerBuilder().withName("web").withNewReadinessProbe().withNewHttpGet()
                .withPath("/ready").withPort(new IntOrString("missing")).endHttpGet().endReadinessProbe().build());
        AppProbeRewrite.apply(spec, STATUS);

        assertEquals("/app-health/web/readyz", spec.getContainers().get(0).getReadinessProbe().getHttpGet().getPath());
        assertNull(probersEnv(spec));
    }

    @Test
    void annotationOverridesTheValuesDefaultOnlyWhenItIsABoolean() {
        assertTrue(AppProbeRewrite.enabled(Map.of(), true));
        assertFalse(AppProbeRewrite.enabled(Map.of(AppProbeRewrite.REWRITE_ANNOTATION, "false"), true));
        assertTrue(AppProbeRewrite.enabled(Map.of(AppProbeRewrite.REWRITE_ANNOTATION, "true"), false));
        assertTrue(AppProbeRewrite.enabled(Map.of(AppProbeRewrite.REWRITE_ANNOTATION, "nope"), true));
        assertTrue(AppProbeRewrite.enabled(null, true));
    }

    @Test
    void statusPortAnnotationMovesTheProbes() {
        Pod pod = Pods.web().editMetadata().addToAnnotations(MeshAnnotations.STATUS_PORT, "15030").endMetadata()
                .editSpec().editFirstContainer().withNewReadinessProbe().withNewTcpSocket().withPort(new IntOrString(8080))
                .endTcpSocket().endReadinessProbe().endContainer().endSpec().build();
        Container web = Injections.container(Injections.inject(pod), pod.getSpec().getContainers().get(0).getName());
        assertEquals(15030, web.getReadinessProbe().getHttpGet().getPort().getIntVal());
    }

    @Test
    void valuesDefaultIsOn() {
        assertTrue(Pods.values().sidecarInjectorWebhook().rewriteAppHTTPProbe());
    }

    private static PodSpec spec(Container app) {
        return new PodSpecBuilder().addToContainers(app)
                .addNewContainer().withName("istio-proxy").addNewEnv().withName("POD_NAME").withValue("x").endEnv().endContainer()
                .build();
    }

    private static String probersEnv(PodSpec spec) {
        return spec.getContainers().get(1).getEnv().stream().filter(e -> AppProbeRewrite.PROBERS_ENV.equals(e.getName()))
                .map(EnvVar::getValue).findFirst().orElse(null);
    }
}
