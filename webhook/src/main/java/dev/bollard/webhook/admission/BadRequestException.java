package dev.bollard.webhook.admission;

/** The HTTP body itself is unusable (not an AdmissionReview): answered with a 4xx JSON error. */
public class BadRequestException extends RuntimeException {
    public BadRequestException(String message) {
        super(message);
    }

    public BadRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
