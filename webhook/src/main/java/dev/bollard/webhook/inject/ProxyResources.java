package dev.bollard.webhook.inject;

import static dev.bollard.webhook.inject.MeshAnnotations.PROXY_CPU;
import static dev.bollard.webhook.inject.MeshAnnotations.PROXY_CPU_LIMIT;
import static dev.bollard.webhook.inject.MeshAnnotations.PROXY_IMAGE;
import static dev.bollard.webhook.inject.MeshAnnotations.PROXY_MEMORY;
import static dev.bollard.webhook.inject.MeshAnnotations.PROXY_MEMORY_LIMIT;

import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;

/**
 * The sidecar's image and compute resources after the pod's {@code sidecar.istio.io/proxy*}
 * annotations are applied over the defaults of values.yaml.
 *
 * <p>Kubernetes rejects a container whose request exceeds its limit, with a message about a
 * container the user never wrote. So when only one side is annotated, the default on the other
 * side yields (an explicit limit below the default request lowers the request, an explicit
 * request above the default limit raises the limit); only two explicit values that contradict
 * each other deny the pod, naming both annotations.
 */
public record ProxyResources(String image, String requestCpu, String requestMemory, String limitCpu, String limitMemory) {
    // registry/name[:tag][@digest]; no whitespace or quotes can reach the rendered YAML
    private static final Pattern IMAGE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/:@+-]*");

    public static ProxyResources of(Pod pod, MeshValues values) {
        Map<String, String> annotations = PodFacts.annotations(pod);
        MeshValues.ComputeResources defaults = values.proxy().resources();
        String image = annotations.getOrDefault(PROXY_IMAGE, values.images().proxy()).trim();
        if (!IMAGE.matcher(image).matches()) {
            throw new InvalidAnnotationException(PROXY_IMAGE, image, "not a container image reference");
        }
        String[] cpu = pair(annotations, PROXY_CPU, PROXY_CPU_LIMIT, defaults.requests().cpu(), defaults.limits().cpu());
        String[] memory = pair(annotations, PROXY_MEMORY, PROXY_MEMORY_LIMIT,
                defaults.requests().memory(), defaults.limits().memory());
        return new ProxyResources(image, cpu[0], memory[0], cpu[1], memory[1]);
    }

    /** Returns {request, limit} for one resource. */
    private static String[] pair(Map<String, String> annotations, String requestKey, String limitKey,
                                 String defaultRequest, String defaultLimit) {
        String request = annotations.containsKey(requestKey) ? quantity(requestKey, annotations.get(requestKey)) : null;
        String limit = annotations.containsKey(limitKey) ? quantity(limitKey, annotations.get(limitKey)) : null;
        if (request != null && limit != null) {
            if (amount(request).compareTo(amount(limit)) > 0) {
                throw new InvalidAnnotationException(requestKey, request,
                        "request exceeds the limit " + limitKey + "=\"" + limit + "\"");
            }
            return new String[] {request, limit};
        }
        if (request != null) {
            return new String[] {request, amount(request).compareTo(amount(defaultLimit)) > 0 ? request : defaultLimit};
        }
        if (limit != null) {
            return new String[] {amount(defaultRequest).compareTo(amount(limit)) > 0 ? limit : defaultRequest, limit};
        }
        return new String[] {defaultRequest, defaultLimit};
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
