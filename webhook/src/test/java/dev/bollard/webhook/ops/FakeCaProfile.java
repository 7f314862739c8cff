package dev.bollard.webhook.ops;

import java.util.Map;
import java.util.Set;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * A cluster-like start: no serving files, so the webhook issues its own certificate from
 * {@link FakeCa}, and the caBundle patcher runs against the mock API server.
 */
public class FakeCaProfile implements QuarkusTestProfile {
    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(FakeCa.class);
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "bollard.ops.serving.cert-file", "target/no-such-dir/tls.crt",
                "bollard.ops.serving.key-file", "target/no-such-dir/tls.key",
                "bollard.ops.ca-bundle.enabled", "true",
                "bollard.ops.ca-bundle.check-interval", "100ms",
                // the test drives renewal itself; the timer must not race it
                "bollard.ops.serving.check-interval", "1h");
    }
}
