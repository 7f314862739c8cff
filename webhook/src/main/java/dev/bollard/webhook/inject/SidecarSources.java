package dev.bollard.webhook.inject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the template and values come from: a mounted file when configured, otherwise the copy
 * the sidecar-template module ships on the classpath.
 */
public final class SidecarSources {
    public static final String TEMPLATE_RESOURCE = "bollard/sidecar-template/injection-template.yaml";
    public static final String VALUES_RESOURCE = "bollard/sidecar-template/values.yaml";
    /** Istio's proxyless gRPC template: the proxy as certificate agent only, no traffic capture. */
    public static final String GRPC_AGENT_RESOURCE = "bollard/sidecar-template/grpc-agent-template.yaml";
    public static final String GRPC_AGENT = "grpc-agent";

    private SidecarSources() {
    }

    public static String template(Optional<Path> override) {
        return read(override, TEMPLATE_RESOURCE);
    }

    /** Every named template's text: {@code sidecar} (the override, if any) and the built-in others. */
    public static Map<String, String> templates(Optional<Path> sidecarOverride) {
        return Map.of(SidecarTemplates.DEFAULT, template(sidecarOverride),
                GRPC_AGENT, read(Optional.empty(), GRPC_AGENT_RESOURCE));
    }

    public static String values(Optional<Path> override) {
        return read(override, VALUES_RESOURCE);
    }

    private static String read(Optional<Path> override, String resource) {
        if (override.isPresent()) {
            try {
                return Files.readString(override.get());
            } catch (IOException e) {
                throw new UncheckedIOException("read " + override.get(), e);
            }
        }
        try (InputStream in = SidecarSources.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("classpath resource " + resource + " is missing (sidecar-template module)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("read classpath resource " + resource, e);
        }
    }
}
