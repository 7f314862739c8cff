package dev.bollard.webhook.http;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JacksonException;

/**
 * Every error leaves as JSON with a message a person can act on; nothing leaks a stack trace.
 * Unexpected exceptions are bugs: logged in full here, answered with a short 500.
 */
public class ApiErrorMappers {
    private static final Logger LOG = Logger.getLogger(ApiErrorMappers.class);

    @ServerExceptionMapper
    public Response malformedJson(JacksonException e) {
        return ApiError.badRequest("request body is not valid JSON: " + e.getOriginalMessage());
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return new ApiError("not_found", "no such endpoint").toResponse(404);
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e) {
        return new ApiError("method_not_allowed", "method not allowed on this endpoint").toResponse(405);
    }

    @ServerExceptionMapper
    public Response unsupportedType(NotSupportedException e) {
        return new ApiError("unsupported_media_type", "send application/json").toResponse(415);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status == 413) {
            return new ApiError("payload_too_large", "request body exceeds the 3 MiB limit").toResponse(413);
        }
        if (status >= 500) {
            LOG.error("request failed", e);
            return new ApiError("internal", "internal error; see the webhook log").toResponse(status);
        }
        return new ApiError("bad_request", e.getMessage()).toResponse(status);
    }

    @ServerExceptionMapper
    public Response bodyRefused(BodyRefused e) {
        return e.toError().toResponse(e.status());
    }

    /**
     * Shed, not failed: 429 with Retry-After, at once. For admission this is an HTTP error on
     * purpose, not a denying review: the API server then applies the webhook's failurePolicy.
     */
    @ServerExceptionMapper
    public Response overloaded(EdgePool.Overloaded e) {
        return Response.fromResponse(new ApiError("overloaded", e.getMessage()).toResponse(429))
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(EdgePool.Overloaded.RETRY_AFTER_SECONDS)).build();
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("unexpected error while serving a request", e);
        return new ApiError("internal", "internal error; see the webhook log").toResponse(500);
    }
}
