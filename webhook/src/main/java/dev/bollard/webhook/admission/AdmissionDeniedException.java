package dev.bollard.webhook.admission;

/**
 * A deny is not a failure: the object under review is wrong, and the person who sent it gets
 * {@code allowed: false} with this message and code. Bugs are other exceptions.
 */
public class AdmissionDeniedException extends RuntimeException {
    private final int code;

    public AdmissionDeniedException(String message) {
        this(400, message);
    }

    public AdmissionDeniedException(int code, String message) {
        super(message);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
