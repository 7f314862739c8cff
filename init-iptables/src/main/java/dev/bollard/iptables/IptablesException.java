package dev.bollard.iptables;

/** Applying the rules failed; the message says what a person can do about it. */
public final class IptablesException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public IptablesException(String message) {
        super(message);
    }

    public IptablesException(String message, Throwable cause) {
        super(message, cause);
    }
}
