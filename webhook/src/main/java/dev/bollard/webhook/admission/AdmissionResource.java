package dev.bollard.webhook.admission;

import java.util.concurrent.CompletionStage;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bollard.webhook.http.BodyLimit;
import dev.bollard.webhook.http.BodyReader;
import dev.bollard.webhook.http.EdgePool;
import dev.bollard.webhook.http.EdgePools;
import io.vertx.ext.web.RoutingContext;

/**
 * HTTP edge of both webhooks: the body is read complete on the event loop by {@link BodyReader},
 * then {@link AdmissionExchange} answers it on the admission pool, which sheds with a 429 when full.
 */
@Path("/")
@Consumes(MediaType.WILDCARD)
@Produces(MediaType.APPLICATION_JSON)
public class AdmissionResource {
    private final AdmissionExchange exchange;
    private final AdmissionHandler injection;
    private final AdmissionHandler validation;
    private final EdgePool pool;
    private final BodyReader body;

    AdmissionResource(ObjectMapper json, @Webhook("inject") AdmissionHandler injection,
            @Webhook("validate") AdmissionHandler validation, AdmissionMetrics metrics,
            EdgePools pools, BodyReader body) {
        this.exchange = new AdmissionExchange(json, metrics);
        this.injection = injection;
        this.validation = validation;
        this.pool = pools.admission();
        this.body = body;
    }

    @POST
    @Path("inject")
    public CompletionStage<Response> inject(RoutingContext http) {
        return pool.submitAfter(body.read(http, BodyLimit.INJECT), review -> exchange.answer("inject", review, injection));
    }

    @POST
    @Path("validate")
    public CompletionStage<Response> validate(RoutingContext http) {
        return pool.submitAfter(body.read(http, BodyLimit.VALIDATE), review -> exchange.answer("validate", review, validation));
    }
}
