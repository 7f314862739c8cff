package dev.bollard.webhook.http;

/** A request body the edge will not take: too large (413) or not complete by its deadline (408). */
public final class BodyRefused extends RuntimeException {
    private final int status;
    private final String error;

    private BodyRefused(int status, String error, String message) {
        super(message, null, false, false);
        this.status = status;
        this.error = error;
    }

    static BodyRefused tooLarge(BodyLimit limit) {
        return new BodyRefused(413, "payload_too_large", limit.tooLargeMessage());
    }

    static BodyRefused tooSlow(BodyLimit limit) {
        return new BodyRefused(408, "request_timeout", "request body not received within "
                + limit.deadline().toSeconds() + " s");
    }

    /** The client reset or closed while sending: nobody is left to read an answer, so it is only a formality. */
    static BodyRefused abandoned(BodyLimit limit) {
        return new BodyRefused(400, "bad_request", "request body for " + limit.path() + " was aborted by the client");
    }

    public int status() {
        return status;
    }

    public ApiError toError() {
        return new ApiError(error, getMessage());
    }
}
