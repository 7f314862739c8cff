package dev.bollard.webhook.inject;

/** A pod annotation the injector cannot honour; the pod is denied with the annotation named. */
public class InvalidAnnotationException extends InjectionRefusedException {
    public InvalidAnnotationException(String annotation, String value, String problem) {
        super("annotation " + annotation + "=\"" + value + "\" is invalid: " + problem);
    }
}
