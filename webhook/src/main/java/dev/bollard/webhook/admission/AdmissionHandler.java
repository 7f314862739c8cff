package dev.bollard.webhook.admission;

import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectReader;

import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;

/**
 * One webhook's decision: a request in, a verdict out (uid is filled in by the caller). The edge
 * finds implementations by their {@link Webhook} path.
 */
public interface AdmissionHandler {
    /** @throws AdmissionDeniedException when the object must be refused */
    AdmissionVerdict review(AdmissionRequest request);

    /**
     * A reader of whole AdmissionReviews that binds {@code request.object} straight to this
     * handler's own type, or empty to get it as a JSON tree. A body this reader refuses is read
     * again as trees, so the handler's own checks (the kind, the shape) still word the answer.
     */
    default Optional<ObjectReader> typedReviews() {
        return Optional.empty();
    }
}
