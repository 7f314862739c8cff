package dev.bollard.webhook.ca.api;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.bollard.webhook.ca.CaRefusedException;
import dev.bollard.webhook.ca.Refusal;
import dev.bollard.webhook.http.ApiError;

/** A CA refusal as the JSON error body, with Retry-After on 503 and a Bearer challenge on 401. */
public class CaErrorMapper {
    /** Seconds a client should wait before retrying when the token cannot be checked. */
    static final String RETRY_AFTER_SECONDS = "5";

    @ServerExceptionMapper
    public Response refused(CaRefusedException e) {
        return toResponse(e);
    }

    static Response toResponse(CaRefusedException e) {
        Response plain = new ApiError(e.reason().code(), e.getMessage()).toResponse(e.reason().httpStatus());
        Response.ResponseBuilder builder = Response.fromResponse(plain);
        if (e.reason() == Refusal.UNAVAILABLE) {
            builder.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        if (e.reason() == Refusal.UNAUTHENTICATED) {
            builder.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return builder.build();
    }
}
