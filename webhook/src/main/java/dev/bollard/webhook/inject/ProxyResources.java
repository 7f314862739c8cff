package dev.bollard.webhook.inject;

import static dev.bollard.webhook.inject.MeshAnnotations.PROXY_CPU;
import static dev.bollard.webhook.inject.MeshAnnotations.PROXY_CPU_LIMIT;
import static dev.bollard.webhook.inject.MeshAnnotations.PROXY_IMAGE;
import static dev.bollard.webhook.inject.MeshAnnotations.PROXY_MEMORY;
import static dev.bollard.webhook.inject.MeshAnnotations.PROXY_MEMORY_LIMIT;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;

/**
 * The sidecar's image and compute resources after the pod's {@code sidecar.istio.io/proxy*}
 * annotations, with Istio's semantics: when any of {@code proxyCPU}, {@code proxyMemory},
 * {@code proxyCPULimit}, {@code proxyMemoryLimit} is set, the annotations replace the defaults of
 * values.yaml as a whole, and a value not annotated is left unset (Kubernetes then defaults a
 * missing request to its limit); without them the defaults apply. A field is null when unset.
 *
 * <p>Two annotated values that contradict each other (a request above its limit) deny the pod
 * naming both, instead of the API server naming a container the user never wrote.
 */
public record ProxyResources(String image, String requestCpu, String requestMemory, String limitCpu, String limitMemory) {
    // registry/name[:tag][@digest]; no whitespace or quotes can reach the rendered YAML
    private static final Pattern IMAGE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/:@+-]*");
    private static final List<String> RESOURCE_ANNOTATIONS = List.of(PROXY_CPU, PROXY_MEMORY, PROXY_CPU_LIMIT, PROXY_MEMORY_LIMIT);

    public static ProxyResources of(Pod pod, MeshValues values) {
        Map<String, String> annotations = PodFacts.annotations(pod);
        String image = annotations.getOrDefault(PROXY_IMAGE, values.images().proxy()).trim();
        if (!IMAGE.matcher(image).matches()) {
            throw new InvalidAnnotationException(PROXY_IMAGE, image, "not a container image reference");
        }
        if (RESOURCE_ANNOTATIONS.stream().noneMatch(annotations::containsKey)) {
            MeshValues.ComputeResources defaults = values.proxy().resources();
            return new ProxyResources(image, defaults.requests().cpu(), defaults.requests().memory(),
                    defaults.limits().cpu(), defaults.limits().memory());
        }
        String requestCpu = annotated(annotations, PROXY_CPU);
        String limitCpu = annotated(annotations, PROXY_CPU_LIMIT);
        String requestMemory = annotated(annotations, PROXY_MEMORY);
        String limitMemory = annotated(annotations, PROXY_MEMORY_LIMIT);
        refuseAboveLimit(PROXY_CPU, requestCpu, PROXY_CPU_LIMIT, limitCpu);
        refuseAboveLimit(PROXY_MEMORY, requestMemory, PROXY_MEMORY_LIMIT, limitMemory);
        return new ProxyResources(image, requestCpu, requestMemory, limitCpu, limitMemory);
    }

    /** For the template: whether a {@code requests} block is rendered at all. */
    public boolean hasRequests() {
        return requestCpu != null || requestMemory != null;
    }

    public boolean hasLimits() {
        return limitCpu != null || limitMemory != null;
    }

    private static String annotated(Map<String, String> annotations, String key) {
        return annotations.containsKey(key) ? quantity(key, annotations.get(key)) : null;
    }

    private static void refuseAboveLimit(String requestKey, String request, String limitKey, String limit) {
        if (request != null && limit != null && amount(request).compareTo(amount(limit)) > 0) {
            throw new InvalidAnnotationException(requestKey, request,
                    "request exceeds the limit " + limitKey + "=\"" + limit + "\"");
        }
    }

    private static String quantity(String annotation, String raw) {
        String value = raw.trim();
        try {
            BigDecimal amount = amount(value);
            if (amount.signum() <= 0) {
                throw new InvalidAnnotationException(annotation, raw, "must be a positive quantity");
            }
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new InvalidAnnotationException(annotation, raw, "not a Kubernetes quantity (e.g. 100m, 1, 128Mi, 1Gi)");
        }
        return value;
    }

    private static BigDecimal amount(String value) {
        if (value.isEmpty() || !Character.isDigit(value.charAt(0)) && value.charAt(0) != '.') {
            throw new IllegalArgumentException("not a quantity: " + value);
        }
        return Quantity.getAmountInBytes(Quantity.parse(value));
    }
}
