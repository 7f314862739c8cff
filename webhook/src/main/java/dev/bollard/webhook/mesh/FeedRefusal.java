package dev.bollard.webhook.mesh;

/** Why a feed request is refused before its stream starts: 400, 401 or 403, answered as an {@code ApiError}. */
public class FeedRefusal extends RuntimeException {
    private final int status;
    private final String error;

    FeedRefusal(int status, String error, String message) {
        super(message);
        this.status = status;
        this.error = error;
    }

    public static FeedRefusal badRequest(String message) {
        return new FeedRefusal(400, "bad_request", message);
    }

    public static FeedRefusal unauthenticated(String message) {
        return new FeedRefusal(401, "unauthenticated", message);
    }

    public static FeedRefusal forbidden(String message) {
        return new FeedRefusal(403, "forbidden", message);
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }
}
