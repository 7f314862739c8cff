package dev.bollard.webhook.http;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The JSON body of every 4xx/5xx this service answers itself: {@code {"error": ..., "message": ...}}. */
public record ApiError(String error, String message) {

    public Response toResponse(int status) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(this).build();
    }

    public static Response badRequest(String message) {
        return new ApiError("bad_request", message).toResponse(400);
    }
}
