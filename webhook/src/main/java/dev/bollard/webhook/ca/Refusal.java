package dev.bollard.webhook.ca;

/**
 * Why the CA refused a request: the HTTP status and error code it answers with, and the
 * {@code reason} tag of the refusal metric. gRPC maps the same values to its status codes.
 */
public enum Refusal {
    MALFORMED_REQUEST(400, "bad_request"),
    WEAK_KEY(400, "weak_key"),
    INVALID_VALIDITY(400, "invalid_validity"),
    UNAUTHENTICATED(401, "unauthenticated"),
    IDENTITY_MISMATCH(403, "forbidden_identity"),
    /** the CSR asks to be a CA (basicConstraints CA:true, keyCertSign): a workload never may */
    FORBIDDEN_EXTENSION(403, "forbidden_extension"),
    TOO_LARGE(413, "payload_too_large"),
    UNAVAILABLE(503, "unavailable");

    private final int httpStatus;
    private final String code;

    Refusal(int httpStatus, String code) {
        this.httpStatus = httpStatus;
        this.code = code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String code() {
        return code;
    }
}
