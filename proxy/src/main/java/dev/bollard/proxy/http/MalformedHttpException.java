package dev.bollard.proxy.http;

/**
 * A message the proxy will not pass on, with the status it answers a client with (400, or 431 for
 * a head over the limit) and the reason for the log.
 */
public final class MalformedHttpException extends Exception {
    private final int status;

    public MalformedHttpException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
