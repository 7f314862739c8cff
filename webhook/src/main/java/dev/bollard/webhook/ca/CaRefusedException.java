package dev.bollard.webhook.ca;

/** A request the CA will not serve; not a bug. The message is safe to return to the caller. */
public class CaRefusedException extends RuntimeException {
    private final Refusal reason;

    public CaRefusedException(Refusal reason, String message) {
        super(message);
        this.reason = reason;
    }

    public CaRefusedException(Refusal reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Refusal reason() {
        return reason;
    }
}
