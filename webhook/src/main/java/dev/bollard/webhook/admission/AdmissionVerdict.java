package dev.bollard.webhook.admission;

import java.util.Optional;

import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;

/**
 * What a handler decided about one request: the response, and why it skipped or denied for the
 * metrics' reason label. The reason travels with the answer, so it cannot reach another request's
 * sample. Reasons come from enums (skip reasons, deny classes), never from object names.
 */
public record AdmissionVerdict(AdmissionResponse response, Optional<String> reason) {

    public static AdmissionVerdict of(AdmissionResponse response) {
        return new AdmissionVerdict(response, Optional.empty());
    }

    public static AdmissionVerdict because(AdmissionResponse response, String reason) {
        return new AdmissionVerdict(response, Optional.of(reason));
    }
}
