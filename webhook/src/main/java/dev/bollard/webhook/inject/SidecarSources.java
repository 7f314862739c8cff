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
    /** Istio's proxyless gRPC template without an agent: certificates written once by an init container. */
    public static final String GRPC_SIMPLE_RESOURCE = "bollard/sidecar-template/grpc-simple-template.yaml";
    public static final String GRPC_SIMPLE = "grpc-simple";
    /** Istio's gateway template: the pod's own istio-proxy filled in, a regular container, nothing captured. */
    public static final String GATEWAY_RESOURCE = "bollard/sidecar-template/gateway-template.yaml";
    public static final String GATEWAY = "gateway";

    /** The ConfigMap keys a mounted configuration directory may hold. */
    public static final String TEMPLATE_KEY = "injection-template.yaml";
    public static final String VALUES_KEY = "values.yaml";

    private SidecarSources() {
    }

    /**
     * The file to read for one key: the explicit path, else the key in the mounted directory when
     * it is there, else none (the classpath copy).
     */
    public static Optional<Path> file(Optional<Path> explicit, Optional<Path> configDir, String key) {
        if (explicit.isPresent()) {
            return explicit;
        }
        return configDir.map(dir -> dir.resolve(key)).filter(Files::exists);
    }

    public static String template(Optional<Path> override) {
        return read(override, TEMPLATE_RESOURCE);
    }

    /** Every named template's text: {@code sidecar} (the override, if any) and the built-in others. */
    public static Map<String, String> templates(Optional<Path> sidecarOverride) {
        return Map.of(SidecarTemplates.DEFAULT, template(sidecarOverride),
                GRPC_AGENT, read(Optional.empty(), GRPC_AGENT_RESOURCE),
                GRPC_SIMPLE, read(Optional.empty(), GRPC_SIMPLE_RESOURCE),
                GATEWAY, read(Optional.empty(), GATEWAY_RESOURCE));
    }

    public static String values(Optional<Path> override) {
        return read(override, VALUES_RESOURCE);
    }

    private static String read(Optional<Path> override, String resource) {
        if (override.isPresent()) {
            try {
                return Files.readString(override.get());
            } catch (IOException e) {
                String why = e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.toString();
                throw new UncheckedIOException("read " + override.get() + ": " + why, e);
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
