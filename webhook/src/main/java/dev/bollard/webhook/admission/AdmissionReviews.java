package dev.bollard.webhook.admission;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponseBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReviewBuilder;

/** Builds admission.k8s.io/v1 responses: allow, deny with a Status, or allow with a JSON Patch. */
public final class AdmissionReviews {
    public static final String API_VERSION = "admission.k8s.io/v1";
    public static final String KIND = "AdmissionReview";

    private AdmissionReviews() {
    }

    public static AdmissionResponse allow() {
        return new AdmissionResponseBuilder().withAllowed(true).build();
    }

    public static AdmissionResponse allow(List<String> warnings) {
        return new AdmissionResponseBuilder().withAllowed(true)
                .withWarnings(warnings.isEmpty() ? null : warnings).build();
    }

    /** Allowed, with {@code patch} (RFC 6902 JSON text) base64-encoded as the API server wants it. */
    public static AdmissionResponse patch(String jsonPatch) {
        return new AdmissionResponseBuilder().withAllowed(true)
                .withPatchType("JSONPatch")
                .withPatch(Base64.getEncoder().encodeToString(jsonPatch.getBytes(StandardCharsets.UTF_8)))
                .build();
    }

    public static AdmissionResponse deny(int code, String message) {
        return deny(code, message, List.of());
    }

    public static AdmissionResponse deny(int code, String message, List<String> warnings) {
        return new AdmissionResponseBuilder().withAllowed(false)
                .withStatus(new StatusBuilder().withCode(code).withStatus("Failure")
                        .withReason(code == 422 ? "Invalid" : "BadRequest")
                        .withMessage(message).build())
                .withWarnings(warnings.isEmpty() ? null : warnings)
                .build();
    }

    /** Wraps a response into the review the API server expects back, echoing the request uid. */
    public static AdmissionReview reply(String uid, AdmissionResponse response) {
        response.setUid(uid);
        return new AdmissionReviewBuilder().withApiVersion(API_VERSION).withKind(KIND)
                .withResponse(response).build();
    }
}
