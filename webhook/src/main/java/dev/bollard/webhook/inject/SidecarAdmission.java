package dev.bollard.webhook.inject;

import jakarta.enterprise.context.ApplicationScoped;

import dev.bollard.webhook.admission.AdmissionHandler;
import dev.bollard.webhook.admission.AdmissionReviews;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;

/** The mutating webhook: decides, renders and patches. */
@ApplicationScoped
public class SidecarAdmission implements AdmissionHandler {
    @Override
    public AdmissionResponse review(AdmissionRequest request) {
        return AdmissionReviews.allow();
    }
}
