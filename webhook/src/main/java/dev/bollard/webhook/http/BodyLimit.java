package dev.bollard.webhook.http;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How much of a request body one endpoint accepts and how long the client may take to send it.
 * The deadline is absolute, counted from the request line: a client trickling one byte a second
 * is as much over it as one that stops sending.
 */
public record BodyLimit(String path, long maxBytes, Duration deadline, String tooLargeMessage) {

    /** The API server's own limit on a request body, so no real AdmissionReview is ever larger. */
    public static final long ADMISSION_MAX_BYTES = 3L * 1024 * 1024;
    /** A CSR is under 2 KiB even for RSA 8192; 64 KiB leaves room and bounds parsing work. */
    public static final int CSR_MAX_BYTES = 64 * 1024;
    /** The API server gives a webhook 10 s at most; a body still arriving after that serves nobody. */
    public static final Duration ADMISSION_DEADLINE = Duration.ofSeconds(10);
    /** A CSR of a few KiB takes milliseconds to send; 5 s is generous for a loaded node. */
    public static final Duration CSR_DEADLINE = Duration.ofSeconds(5);

    private static final String ADMISSION_TOO_LARGE = "request body exceeds the 3 MiB limit of admission reviews";
    public static final BodyLimit INJECT = new BodyLimit("/inject", ADMISSION_MAX_BYTES, ADMISSION_DEADLINE, ADMISSION_TOO_LARGE);
    public static final BodyLimit VALIDATE = new BodyLimit("/validate", ADMISSION_MAX_BYTES, ADMISSION_DEADLINE, ADMISSION_TOO_LARGE);
    /** The bench-only no-op admission path (admission/NoopAdmissionResource): the same limit as /inject. */
    public static final BodyLimit NOOP = new BodyLimit("/bench/noop", ADMISSION_MAX_BYTES, ADMISSION_DEADLINE, ADMISSION_TOO_LARGE);
    public static final BodyLimit CERTIFICATES = new BodyLimit("/v1/certificates", CSR_MAX_BYTES, CSR_DEADLINE,
            "request body exceeds the " + CSR_MAX_BYTES / 1024 + " KiB limit of /v1/certificates");
    private static final List<BodyLimit> ENDPOINTS = List.of(INJECT, VALIDATE, NOOP, CERTIFICATES);

    /**
     * The limit of the endpoint a request path names, after the same leniency as the REST layer's
     * matching (one trailing slash); empty for endpoints that read no body.
     */
    public static Optional<BodyLimit> forPath(String path) {
        if (path == null) {
            return Optional.empty();
        }
        String bare = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return ENDPOINTS.stream().filter(limit -> limit.path().equals(bare)).findFirst();
    }

    /** Whether a Content-Length header already says the body is too large; a malformed one is left to the HTTP layer. */
    public boolean announcedTooLarge(String contentLength) {
        if (contentLength == null) {
            return false;
        }
        try {
            return Long.parseLong(contentLength.strip()) > maxBytes;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
