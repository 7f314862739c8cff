package dev.bollard.webhook.inject;

import static dev.bollard.webhook.inject.MeshAnnotations.READINESS_FAILURE_THRESHOLD;
import static dev.bollard.webhook.inject.MeshAnnotations.READINESS_INITIAL_DELAY;
import static dev.bollard.webhook.inject.MeshAnnotations.READINESS_PERIOD;
import static dev.bollard.webhook.inject.MeshAnnotations.STATUS_PORT;

import java.util.Map;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * The proxy's status port and how kubelet probes its readiness, from Istio's
 * {@code status.sidecar.istio.io/port} and {@code readiness.status.sidecar.istio.io/*}
 * annotations over the defaults. Port {@code 0} means no status port, as in Istio: the proxy
 * gets no readiness or startup probe and the port is not excluded from capture.
 *
 * @param port                the agent's port ({@code --admin-port}), 0 for none
 * @param initialDelaySeconds the readiness probe's initial delay
 * @param periodSeconds       the readiness probe's period
 * @param failureThreshold    the readiness probe's failure threshold
 */
public record ProxyStatus(int port, int initialDelaySeconds, int periodSeconds, int failureThreshold) {
    static final int DEFAULT_INITIAL_DELAY = 1;
    static final int DEFAULT_PERIOD = 2;
    static final int DEFAULT_FAILURE_THRESHOLD = 30;

    public static ProxyStatus of(Pod pod, MeshValues.Proxy proxy) {
        Map<String, String> annotations = PodFacts.annotations(pod);
        int port = number(annotations, STATUS_PORT, proxy.agentPort(), 0, 65535);
        for (int taken : new int[] {proxy.outboundPort(), proxy.inboundPort(), proxy.healthPort(), proxy.metricsPort()}) {
            if (port == taken) {
                throw new InvalidAnnotationException(STATUS_PORT, annotations.get(STATUS_PORT),
                        "port " + port + " is already one of the proxy's own ports; pick another or 0 for none");
            }
        }
        return new ProxyStatus(port,
                number(annotations, READINESS_INITIAL_DELAY, DEFAULT_INITIAL_DELAY, 0, Integer.MAX_VALUE),
                number(annotations, READINESS_PERIOD, DEFAULT_PERIOD, 1, Integer.MAX_VALUE),
                number(annotations, READINESS_FAILURE_THRESHOLD, DEFAULT_FAILURE_THRESHOLD, 1, Integer.MAX_VALUE));
    }

    /** Kubelet probes the proxy (readiness, and startup for a native sidecar) only with a status port. */
    public boolean enabled() {
        return port != 0;
    }

    private static int number(Map<String, String> annotations, String name, int fallback, int min, int max) {
        String value = annotations.get(name);
        if (value == null) {
            return fallback;
        }
        String text = value.trim();
        int n;
        try {
            n = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new InvalidAnnotationException(name, value, "\"" + text + "\" is not a whole number");
        }
        if (n < min || n > max) {
            throw new InvalidAnnotationException(name, value, n + " is outside " + min + "-" + max);
        }
        return n;
    }
}
