package dev.bollard.proxy.cert;

import java.time.Duration;
import java.util.Optional;

/**
 * The CA did not issue: an HTTP error answer (status and the server's JSON message) or no usable
 * answer at all (status 0: connection, TLS or protocol failure).
 */
final class CaRequestException extends Exception {
    private final int status;
    private final transient Optional<Duration> retryAfter;

    CaRequestException(String message, int status, Optional<Duration> retryAfter, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    static CaRequestException unreachable(String message, Throwable cause) {
        return new CaRequestException(message, 0, Optional.empty(), cause);
    }

    /** HTTP status of the CA's answer, 0 when there was none. */
    int status() {
        return status;
    }

    /** The delay a 503 (or 429) asked for in its Retry-After header. */
    Optional<Duration> retryAfter() {
        return retryAfter;
    }
}
