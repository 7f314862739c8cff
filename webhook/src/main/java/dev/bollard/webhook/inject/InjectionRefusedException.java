package dev.bollard.webhook.inject;

/**
 * The injector refuses this pod: a bad annotation, a clash with what the sidecar needs. A verdict
 * on the pod, not a failure; the webhook turns it into a 400 deny with this message and
 * {@code bollard kube-inject} into a "refused" line. Bugs are other exceptions.
 */
public class InjectionRefusedException extends RuntimeException {
    public InjectionRefusedException(String message) {
        super(message);
    }
}
