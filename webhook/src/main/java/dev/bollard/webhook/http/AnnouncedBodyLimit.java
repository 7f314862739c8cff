package dev.bollard.webhook.http;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * A body whose Content-Length already exceeds its endpoint's {@link BodyLimit} gets the JSON 413
 * here, before Quarkus' global upload limit, whose answer is an empty 413 on HTTP/1.1 and a bare
 * stream reset on HTTP/2. Bodies without a length are counted while {@link BodyReader} reads them.
 */
@ApplicationScoped
public class AnnouncedBodyLimit {
    /** Before Quarkus' own upload limit (order -2). */
    static final int ORDER = RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 10;

    private final ObjectMapper json;
    private final BodyReader reader;

    AnnouncedBodyLimit(ObjectMapper json, BodyReader reader) {
        this.json = json;
        this.reader = reader;
    }

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::check);
    }

    void check(RoutingContext context) {
        Optional<BodyLimit> limit = BodyLimit.forPath(context.normalizedPath());
        if (limit.isEmpty() || !limit.get().announcedTooLarge(context.request().getHeader(HttpHeaders.CONTENT_LENGTH))) {
            context.next();
            return;
        }
        reader.closeAfterAnswer(context);
        context.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(errorJson(BodyRefused.tooLarge(limit.get()).toError()));
    }

    private Buffer errorJson(ApiError error) {
        try {
            return Buffer.buffer(json.writeValueAsBytes(error));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an ApiError", e);
        }
    }
}
