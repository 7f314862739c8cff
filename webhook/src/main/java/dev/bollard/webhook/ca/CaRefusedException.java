package dev.bollard.webhook.ca;

/**
 * A request the CA will not serve; not a bug. The message is safe to return to the caller: it never
 * carries Java class names ({@link InternalNames}) or key material.
 */
public class CaRefusedException extends RuntimeException {
    private final Refusal reason;

    public CaRefusedException(Refusal reason, String message) {
        super(InternalNames.strip(message));
        this.reason = reason;
    }

    public CaRefusedException(Refusal reason, String message, Throwable cause) {
        super(InternalNames.strip(message), cause);
        this.reason = reason;
    }

    public Refusal reason() {
        return reason;
    }
}
