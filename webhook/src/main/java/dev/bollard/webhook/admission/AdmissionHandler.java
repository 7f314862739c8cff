package dev.bollard.webhook.admission;

import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;

/** One webhook's decision: a request in, a response out (uid is filled in by the caller). */
public interface AdmissionHandler {
    /** @throws AdmissionDeniedException when the object must be refused */
    AdmissionResponse review(AdmissionRequest request);
}
