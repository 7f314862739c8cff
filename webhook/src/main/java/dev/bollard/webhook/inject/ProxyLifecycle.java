package dev.bollard.webhook.inject;

import static dev.bollard.webhook.inject.MeshAnnotations.PROXY_CONFIG;

import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * How the pod's sidecar drains after SIGTERM: {@code terminationDrainDuration} from the pod's
 * {@code proxy.istio.io/config} over {@code mesh.defaultConfig} of values.yaml, as Istio merges a
 * pod's ProxyConfig over the mesh's. Bollard's proxy uses no other ProxyConfig field; they are
 * left alone, so a config written for Istio still injects.
 *
 * @param terminationDrainDuration a Go duration ({@code 5s}, {@code 1m30s}), the proxy's
 *                                 {@code TERMINATION_DRAIN_DURATION}
 */
public record ProxyLifecycle(String terminationDrainDuration) {
    public static final String DEFAULT_DRAIN = "5s";
    private static final String FIELD = "terminationDrainDuration";
    // Go's time.ParseDuration syntax (a protobuf Duration's JSON form fits it), unsigned
    private static final Pattern DURATION = Pattern.compile("((\\d+(\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h))+|0");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    public static ProxyLifecycle of(Pod pod, MeshValues values) {
        String annotation = PodFacts.annotations(pod).get(PROXY_CONFIG);
        String fallback = values.mesh().defaultConfig().terminationDrainDuration();
        if (annotation == null || annotation.isBlank()) {
            return new ProxyLifecycle(fallback);
        }
        JsonNode config;
        try {
            config = YAML.readTree(annotation);
        } catch (java.io.IOException e) {
            throw new InvalidAnnotationException(PROXY_CONFIG, annotation, "not YAML or JSON: " + firstLine(e.getMessage()));
        }
        if (config == null || config.isMissingNode() || config.isNull()) {
            return new ProxyLifecycle(fallback);
        }
        if (!config.isObject()) {
            throw new InvalidAnnotationException(PROXY_CONFIG, annotation, "must be a ProxyConfig object (e.g. terminationDrainDuration: 30s)");
        }
        JsonNode drain = config.get(FIELD);
        if (drain == null || drain.isNull()) {
            return new ProxyLifecycle(fallback);
        }
        String text = drain.asText().trim();
        if (!drain.isTextual() || !isDuration(text)) {
            throw new InvalidAnnotationException(PROXY_CONFIG, annotation,
                    FIELD + " '" + drain.asText() + "' is not a duration (e.g. 5s, 1m30s, 500ms)");
        }
        return new ProxyLifecycle(text);
    }

    /** Go duration syntax, unsigned: what the proxy's {@code --drain-duration} takes. */
    static boolean isDuration(String text) {
        return DURATION.matcher(text).matches();
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
