package dev.bollard.webhook.ca.api;

import java.util.List;
import java.util.concurrent.CompletionStage;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bollard.webhook.http.BodyLimit;
import dev.bollard.webhook.http.BodyReader;
import dev.bollard.webhook.http.EdgePool;
import dev.bollard.webhook.http.EdgePools;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /v1/certificates}: {@code {"csr": "<PEM>", "validitySeconds": n}} with
 * {@code Authorization: Bearer <token>} → {@code {"certChain": [leaf, intermediates...], "rootCert": root}}.
 * Refusals become JSON errors in {@link CaErrorMapper}. The body is read complete on the event loop
 * by {@link BodyReader}; {@link CertificateExchange} answers it on the CA pool, which sheds with a
 * 429 when full.
 */
@Path(CertificateResource.PATH)
@Consumes(MediaType.WILDCARD)
@Produces(MediaType.APPLICATION_JSON)
public class CertificateResource {
    public static final String PATH = "/v1/certificates";
    public static final int MAX_BODY_BYTES = BodyLimit.CSR_MAX_BYTES;

    public record CertificateResponse(List<String> certChain, String rootCert) {
    }

    private final CertificateExchange exchange;
    private final EdgePool pool;
    private final BodyReader body;

    CertificateResource(ObjectMapper json, CertificateIssuer issuer, EdgePools pools, BodyReader body) {
        this.exchange = new CertificateExchange(json, issuer);
        this.pool = pools.ca();
        this.body = body;
    }

    @POST
    public CompletionStage<CertificateResponse> create(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            RoutingContext http) {
        return pool.submitAfter(body.read(http, BodyLimit.CERTIFICATES), request -> exchange.issue(authorization, request));
    }
}
