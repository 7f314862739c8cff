package dev.bollard.webhook.http;

import java.util.Set;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses admission reviews that announce more than the API server's own 3 MiB request limit,
 * with a JSON 413, before the body is read. The listener's global limit is higher only so this
 * filter (not a bare connection reset, which is all HTTP/2 clients would see) answers first;
 * bodies sent without a length are checked after reading.
 */
public class AdmissionBodyLimit {
    /** The API server's limit on a request body, so no real review is ever larger. */
    public static final long MAX_BODY_BYTES = 3L * 1024 * 1024;
    private static final Set<String> PATHS = Set.of("/inject", "/validate");

    @ServerRequestFilter(preMatching = true)
    public Response limit(ContainerRequestContext request) {
        if (!PATHS.contains(request.getUriInfo().getPath())) {
            return null;
        }
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return null;
        }
        try {
            return Long.parseLong(length.strip()) > MAX_BODY_BYTES ? tooLarge() : null;
        } catch (NumberFormatException e) {
            return null; // the HTTP layer rejects malformed lengths itself
        }
    }

    public static Response tooLarge() {
        return new ApiError("payload_too_large", "request body exceeds the 3 MiB limit of admission reviews")
                .toResponse(413);
    }
}
