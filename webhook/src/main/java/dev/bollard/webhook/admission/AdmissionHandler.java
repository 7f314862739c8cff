package dev.bollard.webhook.admission;

import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;

/**
 * One webhook's decision: a request in, a verdict out (uid is filled in by the caller). The edge
 * finds implementations by their {@link Webhook} path.
 */
public interface AdmissionHandler {
    /** @throws AdmissionDeniedException when the object must be refused */
    AdmissionVerdict review(AdmissionRequest request);
}
