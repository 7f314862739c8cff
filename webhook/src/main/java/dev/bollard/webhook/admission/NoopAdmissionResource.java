package dev.bollard.webhook.admission;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.bollard.webhook.http.BodyLimit;
import dev.bollard.webhook.http.BodyReader;
import dev.bollard.webhook.http.EdgePool;
import dev.bollard.webhook.http.EdgePools;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /bench/noop}: the baseline of {@code make bench} (scripts/bench.sh). The same edge as
 * {@link AdmissionResource} (body read on the event loop by {@link BodyReader} under the admission
 * limit, then a task on the admission pool), but the task answers a fixed allowed
 * AdmissionReview without parsing anything, so /inject's rate over this one's is what parsing,
 * injecting and patching cost on top of the HTTP stack. Off unless {@code bollard.bench.noop-path}
 * is true: then the body is still read and dropped, and the answer is the same 404 as any unknown path.
 */
@Path(NoopAdmissionResource.PATH)
@Consumes(MediaType.WILDCARD)
@Produces(MediaType.APPLICATION_JSON)
public class NoopAdmissionResource {
    public static final String PATH = "/bench/noop";
    /** Review-shaped, so a load generator checking for a JSON 200 sees what /inject would send. */
    private static final byte[] ANSWER = ("{\"apiVersion\":\"" + AdmissionReviews.API_VERSION + "\",\"kind\":\""
            + AdmissionReviews.KIND + "\",\"response\":{\"uid\":\"\",\"allowed\":true}}").getBytes(StandardCharsets.UTF_8);

    private final boolean enabled;
    private final EdgePool pool;
    private final BodyReader body;

    NoopAdmissionResource(@ConfigProperty(name = "bollard.bench.noop-path", defaultValue = "false") boolean enabled,
            EdgePools pools, BodyReader body) {
        this.enabled = enabled;
        this.pool = pools.admission();
        this.body = body;
    }

    @POST
    public CompletionStage<Response> answer(RoutingContext http) {
        return pool.submitAfter(body.read(http, BodyLimit.NOOP), ignored -> {
            if (!enabled) {
                throw new NotFoundException();
            }
            return Response.ok(ANSWER, MediaType.APPLICATION_JSON_TYPE).build();
        });
    }
}
