package dev.bollard.webhook.ops;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.quarkus.test.junit.QuarkusTest;

/** Every probe and the scrape path in the shipped Deployment answer 200 on the running app. */
@QuarkusTest
class ProbePathsResourceTest {

    @Test
    void everyProbePathInTheDeploymentIsUp() {
        Deployment deployment = RenderedManifests.render().one(Deployment.class, "bollard");
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        // a Map, not List.of: a probe the Deployment lost must fail by name here, not as List.of's NPE
        Map<String, Probe> probes = new LinkedHashMap<>();
        probes.put("startupProbe", container.getStartupProbe());
        probes.put("readinessProbe", container.getReadinessProbe());
        probes.put("livenessProbe", container.getLivenessProbe());
        probes.forEach((name, probe) -> {
            assertNotNull(probe, "the webhook container has no " + name);
            assertNotNull(probe.getHttpGet(), name + " is not an httpGet probe");
            given().relaxedHTTPSValidation().when().get(probe.getHttpGet().getPath())
                    .then().statusCode(200);
        });
    }

    @Test
    void scrapeAnnotationPointsAtTheMetricsEndpoint() {
        Deployment deployment = RenderedManifests.render().one(Deployment.class, "bollard");
        String path = deployment.getSpec().getTemplate().getMetadata().getAnnotations().get("prometheus.io/path");
        given().relaxedHTTPSValidation().when().get(path)
                .then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("# TYPE " + "bollard_serving_certificate_expiry_seconds"));
    }
}
