package dev.bollard.webhook.inject;

import static dev.bollard.webhook.inject.MeshAnnotations.PROXY_CONFIG;

import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * How the pod's sidecar starts and drains, from the pod's {@code proxy.istio.io/config} over the
 * mesh's, as Istio merges a pod's ProxyConfig over {@code meshConfig.defaultConfig}:
 * {@code terminationDrainDuration} over {@code mesh.defaultConfig} of values.yaml, and
 * {@code holdApplicationUntilProxyStarts} over {@code proxy.holdApplicationUntilProxyStarts}.
 * Bollard's proxy uses no other ProxyConfig field; they are left alone, so a config written for
 * Istio still injects.
 *
 * @param terminationDrainDuration a Go duration ({@code 5s}, {@code 1m30s}), the proxy's
 *                                 {@code TERMINATION_DRAIN_DURATION}
 * @param holdApplicationUntilProxyStarts a regular sidecar starts first and the app only once it is ready
 */
public record ProxyLifecycle(String terminationDrainDuration, boolean holdApplicationUntilProxyStarts) {
    public static final String DEFAULT_DRAIN = "5s";
    private static final String FIELD = "terminationDrainDuration";
    private static final String HOLD = "holdApplicationUntilProxyStarts";
    // Go's time.ParseDuration syntax (a protobuf Duration's JSON form fits it), unsigned
    private static final Pattern DURATION = Pattern.compile("((\\d+(\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h))+|0");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    public static ProxyLifecycle of(Pod pod, MeshValues values) {
        String annotation = PodFacts.annotations(pod).get(PROXY_CONFIG);
        JsonNode config = config(annotation);
        return new ProxyLifecycle(drain(config, annotation, values.mesh().defaultConfig().terminationDrainDuration()),
                hold(config, annotation, values.proxy().holdApplicationUntilProxyStarts()));
    }

    /** The pod's ProxyConfig object, or an empty one when the annotation is absent or empty. */
    private static JsonNode config(String annotation) {
        if (annotation == null || annotation.isBlank()) {
            return YAML.createObjectNode();
        }
        JsonNode config;
        try {
            config = YAML.readTree(annotation);
        } catch (java.io.IOException e) {
            throw new InvalidAnnotationException(PROXY_CONFIG, annotation, "not YAML or JSON: " + firstLine(e.getMessage()));
        }
        if (config == null || config.isMissingNode() || config.isNull()) {
            return YAML.createObjectNode();
        }
        if (!config.isObject()) {
            throw new InvalidAnnotationException(PROXY_CONFIG, annotation, "must be a ProxyConfig object (e.g. terminationDrainDuration: 30s)");
        }
        return config;
    }

    private static String drain(JsonNode config, String annotation, String fallback) {
        JsonNode drain = config.get(FIELD);
        if (drain == null || drain.isNull()) {
            return fallback;
        }
        String text = drain.asText().trim();
        if (!drain.isTextual() || !isDuration(text)) {
            throw new InvalidAnnotationException(PROXY_CONFIG, annotation,
                    FIELD + " '" + drain.asText() + "' is not a duration (e.g. 5s, 1m30s, 500ms)");
        }
        return text;
    }

    /** Istio holds the app when either the pod's (else the mesh's) ProxyConfig or the values say so. */
    private static boolean hold(JsonNode config, String annotation, boolean values) {
        JsonNode hold = config.get(HOLD);
        if (hold == null || hold.isNull()) {
            return values;
        }
        if (!hold.isBoolean()) {
            throw new InvalidAnnotationException(PROXY_CONFIG, annotation, HOLD + " must be true or false");
        }
        return hold.booleanValue() || values;
    }

    /** Go duration syntax, unsigned: what the proxy's {@code --drain-duration} takes. */
    static boolean isDuration(String text) {
        return DURATION.matcher(text).matches();
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
