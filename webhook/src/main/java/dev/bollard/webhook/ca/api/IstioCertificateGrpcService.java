package dev.bollard.webhook.ca.api;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;

import dev.bollard.webhook.ca.CaRefusedException;
import dev.bollard.webhook.ca.IssuedCertificate;
import dev.bollard.webhook.ca.Refusal;
import dev.bollard.webhook.ca.istio.IstioCertificateRequest;
import dev.bollard.webhook.ca.istio.IstioCertificateResponse;
import dev.bollard.webhook.ca.istio.IstioCertificateService;
import dev.bollard.webhook.http.EdgePool;
import dev.bollard.webhook.http.EdgePools;
import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.quarkus.grpc.RegisterInterceptor;
import io.smallrye.mutiny.Uni;

/**
 * Istio's {@code istio.v1.auth.IstioCertificateService/CreateCertificate} on the same TLS
 * listener and rules as the REST API; the reply's {@code cert_chain} is leaf first and root last,
 * one certificate per element, as istiod answers. Refusals map to gRPC status codes.
 */
@GrpcService
@RegisterInterceptor(BearerTokenInterceptor.class)
public class IstioCertificateGrpcService implements IstioCertificateService {
    /** Istio metadata keys (pkg/security): node-agent impersonation and external signer selection. */
    static final String IMPERSONATED_IDENTITY = "ImpersonatedIdentity";
    static final String CERT_SIGNER = "CertSigner";

    private final CertificateIssuer issuer;
    private final EdgePool pool;

    IstioCertificateGrpcService(CertificateIssuer issuer, EdgePools pools) {
        this.issuer = issuer;
        this.pool = pools.ca();
    }

    // the CA pool, as POST /v1/certificates: a gRPC flood sheds there (UNAVAILABLE, which Istio's
    // agent retries) instead of taking the worker threads health and the mesh feed need
    @Override
    public Uni<IstioCertificateResponse> createCertificate(IstioCertificateRequest request) {
        String authorization = BearerTokenInterceptor.CALLER_AUTHORIZATION.get();
        return Uni.createFrom().completionStage(() -> pool.submit(() -> issue(authorization, request)))
                .onFailure(CaRefusedException.class).transform(e -> status(((CaRefusedException) e).reason())
                        .withDescription(e.getMessage()).asRuntimeException())
                .onFailure(EdgePool.Overloaded.class).transform(e -> Status.UNAVAILABLE
                        .withDescription(e.getMessage()).asRuntimeException());
    }

    private IstioCertificateResponse issue(String authorization, IstioCertificateRequest request) {
        requireNoUnsupportedMetadata(request.getMetadata());
        IssuedCertificate issued = issuer.issue(authorization, request.getCsr(), request.getValidityDuration(), CertificateIssuer.GRPC);
        return IstioCertificateResponse.newBuilder().addAllCertChain(issued.chainPemsWithRoot()).build();
    }

    /** Istio refuses impersonation unless trusted node accounts are configured; this CA has none. */
    private void requireNoUnsupportedMetadata(Struct metadata) {
        for (String key : new String[] {IMPERSONATED_IDENTITY, CERT_SIGNER}) {
            Value value = metadata.getFieldsMap().get(key);
            if (value != null && !value.getStringValue().isEmpty()) {
                CaRefusedException refusal = new CaRefusedException(
                        key.equals(IMPERSONATED_IDENTITY) ? Refusal.UNAUTHENTICATED : Refusal.MALFORMED_REQUEST,
                        "metadata " + key + " is not supported by this CA");
                issuer.refused(refusal, CertificateIssuer.GRPC);
                throw refusal;
            }
        }
    }

    static Status status(Refusal reason) {
        return switch (reason) {
            case MALFORMED_REQUEST, WEAK_KEY, INVALID_VALIDITY -> Status.INVALID_ARGUMENT;
            case UNAUTHENTICATED -> Status.UNAUTHENTICATED;
            case IDENTITY_MISMATCH, FORBIDDEN_EXTENSION -> Status.PERMISSION_DENIED;
            case TOO_LARGE -> Status.RESOURCE_EXHAUSTED;
            case UNAVAILABLE -> Status.UNAVAILABLE;
        };
    }
}
