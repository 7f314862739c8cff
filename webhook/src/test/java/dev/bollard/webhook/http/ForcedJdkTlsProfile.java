package dev.bollard.webhook.http;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The listener on the JDK SSLEngine, as where netty-tcnative does not load. */
public class ForcedJdkTlsProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("bollard.edge.tls-stack", "jdk");
    }
}
