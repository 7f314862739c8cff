package dev.bollard.webhook.ca;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletionStage;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bollard.webhook.http.BodyLimit;
import dev.bollard.webhook.http.BodyReader;
import dev.bollard.webhook.http.EdgePool;
import dev.bollard.webhook.http.EdgePools;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /v1/certificates}: {@code {"csr": "<PEM>", "validitySeconds": n}} with
 * {@code Authorization: Bearer <token>} → {@code {"certChain": [leaf, intermediates...], "rootCert": root}}.
 * Refusals become JSON errors in {@link CaErrorMapper}. The body arrives complete (read on the
 * event loop by {@link BodyReader}); issuance runs on the CA pool, which sheds with a 429 when full.
 */
@Path(CertificateResource.PATH)
@Consumes(MediaType.WILDCARD)
@Produces(MediaType.APPLICATION_JSON)
public class CertificateResource {
    public static final String PATH = "/v1/certificates";
    public static final int MAX_BODY_BYTES = BodyLimit.CSR_MAX_BYTES;

    public record CertificateResponse(List<String> certChain, String rootCert) {
    }

    private record CertificateRequest(String csr, Long validitySeconds) {
    }

    private final ObjectMapper json;
    private final CertificateIssuer issuer;
    private final EdgePool pool;
    private final BodyReader body;

    CertificateResource(ObjectMapper json, CertificateIssuer issuer, EdgePools pools, BodyReader body) {
        this.body = body;
        this.json = json;
        this.issuer = issuer;
        this.pool = pools.ca();
    }

    @POST
    public CompletionStage<CertificateResponse> create(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            RoutingContext http) {
        return pool.submitAfter(body.read(http, BodyLimit.CERTIFICATES), request -> issue(authorization, request));
    }

    private CertificateResponse issue(String authorization, byte[] body) {
        if (body != null && body.length > MAX_BODY_BYTES) {
            CaRefusedException tooLarge = new CaRefusedException(Refusal.TOO_LARGE,
                    "request body exceeds the " + MAX_BODY_BYTES / 1024 + " KiB limit of " + PATH);
            issuer.refused(tooLarge, CertificateIssuer.REST);
            throw tooLarge;
        }
        CertificateRequest request;
        try {
            request = parse(body);
        } catch (CaRefusedException e) {
            issuer.refused(e, CertificateIssuer.REST);
            throw e;
        }
        IssuedCertificate issued = issuer.issue(authorization, request.csr(), request.validitySeconds(), CertificateIssuer.REST);
        return new CertificateResponse(issued.chainPems(), issued.rootPem());
    }

    private CertificateRequest parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw malformed("request body is empty; expected {\"csr\": \"<PEM PKCS#10>\", \"validitySeconds\": <optional>}");
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException e) {
            throw malformed("request body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw malformed("request body must be a JSON object with a \"csr\" field");
        }
        JsonNode csr = root.get("csr");
        if (csr == null || !csr.isTextual() || csr.asText().isBlank()) {
            throw malformed("field \"csr\" is required: a PEM-encoded PKCS#10 certificate request");
        }
        JsonNode validity = root.get("validitySeconds");
        if (validity != null && !validity.isNull() && !validity.canConvertToExactIntegral()) {
            throw malformed("field \"validitySeconds\" must be a whole number of seconds");
        }
        if (validity != null && !validity.isNull() && !validity.canConvertToLong()) {
            throw malformed("field \"validitySeconds\" is out of range");
        }
        return new CertificateRequest(csr.asText(), validity == null || validity.isNull() ? null : validity.asLong());
    }

    private static CaRefusedException malformed(String message) {
        return new CaRefusedException(Refusal.MALFORMED_REQUEST, message);
    }
}
