package dev.bollard.webhook.ca;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses certificate requests that announce a body over {@link CertificateResource#MAX_BODY_BYTES}
 * before the body is read; bodies without a Content-Length are checked after reading (they are
 * capped by the listener's global limit meanwhile).
 */
public class CertificateBodyLimit {
    private final CertificateIssuer issuer;

    CertificateBodyLimit(CertificateIssuer issuer) {
        this.issuer = issuer;
    }

    static CaRefusedException tooLarge() {
        return new CaRefusedException(Refusal.TOO_LARGE, "request body exceeds the " + CertificateResource.MAX_BODY_BYTES / 1024
                + " KiB limit of " + CertificateResource.PATH);
    }

    @ServerRequestFilter(preMatching = true)
    public Response limit(ContainerRequestContext request) {
        if (!CertificateResource.PATH.equals(request.getUriInfo().getPath())) {
            return null;
        }
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return null;
        }
        long announced;
        try {
            announced = Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            return null; // the HTTP layer rejects malformed lengths itself
        }
        if (announced <= CertificateResource.MAX_BODY_BYTES) {
            return null;
        }
        CaRefusedException refusal = tooLarge();
        issuer.refused(refusal, CertificateIssuer.REST);
        return CaErrorMapper.toResponse(refusal);
    }
}
