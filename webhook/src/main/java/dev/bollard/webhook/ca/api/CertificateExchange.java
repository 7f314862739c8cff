package dev.bollard.webhook.ca.api;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bollard.webhook.ca.CaRefusedException;
import dev.bollard.webhook.ca.IssuedCertificate;
import dev.bollard.webhook.ca.Refusal;

/**
 * One {@code POST /v1/certificates} exchange from a complete body: the JSON request parsed and
 * bounded, then issued for the bearer token's caller. No I/O of its own: the edge
 * ({@link CertificateResource}) reads the body, already bounded (a 413 there), and picks the
 * thread; fuzzers call this directly.
 */
public final class CertificateExchange {
    private record CertificateRequest(String csr, Long validitySeconds) {
    }

    private final ObjectMapper json;
    private final CertificateIssuer issuer;

    public CertificateExchange(ObjectMapper json, CertificateIssuer issuer) {
        this.json = json;
        this.issuer = issuer;
    }

    /** The certificate for one complete request body, or a {@link CaRefusedException}. */
    public CertificateResource.CertificateResponse issue(String authorization, byte[] body) {
        CertificateRequest request;
        try {
            request = parse(body);
        } catch (CaRefusedException e) {
            issuer.refused(e, CertificateIssuer.REST);
            throw e;
        }
        IssuedCertificate issued = issuer.issue(authorization, request.csr(), request.validitySeconds(), CertificateIssuer.REST);
        return new CertificateResource.CertificateResponse(issued.chainPems(), issued.rootPem());
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
