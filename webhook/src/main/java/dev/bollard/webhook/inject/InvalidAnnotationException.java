package dev.bollard.webhook.inject;

import dev.bollard.webhook.admission.AdmissionDeniedException;

/** A pod annotation the injector cannot honour; the pod is denied with the annotation named. */
public class InvalidAnnotationException extends AdmissionDeniedException {
    public InvalidAnnotationException(String annotation, String value, String problem) {
        super(400, "annotation " + annotation + "=\"" + value + "\" is invalid: " + problem);
    }
}
