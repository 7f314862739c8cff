package dev.bollard.webhook.testing;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.bollard.webhook.tls.DevCertificates;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives every {@code @QuarkusTest} a freshly generated serving certificate, so no key material
 * is checked in and the TLS-only listener starts as it does under {@code make run}.
 */
public class DevTlsResource implements QuarkusTestResourceLifecycleManager {
    public static final Path DIR = Path.of("target", "test-tls");

    @Override
    public Map<String, String> start() {
        DevCertificates.ensure(DIR, List.of("localhost"));
        return Map.of(
                "bollard.ops.serving.cert-file", DIR.resolve(DevCertificates.TLS_CERT).toAbsolutePath().toString(),
                "bollard.ops.serving.key-file", DIR.resolve(DevCertificates.TLS_KEY).toAbsolutePath().toString());
    }

    @Override
    public void stop() {
    }
}
