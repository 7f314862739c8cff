package dev.bollard.webhook.ca;

import dev.bollard.identity.TrustDomain;

import dev.bollard.identity.SpiffeId;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Turns a bearer token into the caller's {@link SpiffeId}: a TokenReview with audience
 * {@code istio-ca} (Istio's kubeauth), accepting only {@code system:serviceaccount:<ns>:<sa>}
 * users; or, when configured for local development, the static token file instead.
 */
@ApplicationScoped
public class ServiceAccountIdentity {
    static final String SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";
    static final String POD_NAME_EXTRA = "authentication.kubernetes.io/pod-name";
    static final String POD_UID_EXTRA = "authentication.kubernetes.io/pod-uid";

    private final TokenReviewClient reviews;
    private final CaConfig config;

    @Inject
    ServiceAccountIdentity(KubernetesClient client, CaConfig config) {
        this(TokenReviewClient.withFewRetries(client), config);
    }

    ServiceAccountIdentity(TokenReviewClient reviews, CaConfig config) {
        this.reviews = reviews;
        this.config = config;
    }

    /** Authenticates an {@code Authorization} header value ({@code Bearer <token>}). */
    public Caller authenticate(String authorization) {
        String token = bearerToken(authorization);
        TrustDomain trustDomain = TrustDomain.parse(config.trustDomain());
        if (config.staticTokenFile().isPresent()) {
            return StaticTokens.read(config.staticTokenFile().get()).identity(token, trustDomain).map(Caller::of)
                    .orElseThrow(() -> unauthenticated("token is not in the static token file"));
        }
        return fromReview(review(token), config.audience(), trustDomain);
    }

    static String bearerToken(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw unauthenticated("missing 'Authorization: Bearer <token>' header");
        }
        String[] parts = authorization.strip().split("\\s+", 2);
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("Bearer") || parts[1].isBlank()) {
            throw unauthenticated("Authorization header must be 'Bearer <token>'");
        }
        return parts[1].strip();
    }

    private TokenReviewStatus review(String token) {
        TokenReview request = new TokenReviewBuilder().withNewSpec().withToken(token)
                .withAudiences(config.audience()).endSpec().build();
        try {
            TokenReview answer = reviews.create(request);
            return answer == null || answer.getStatus() == null ? new TokenReviewStatus() : answer.getStatus();
        } catch (KubernetesClientException e) {
            throw new CaRefusedException(Refusal.UNAVAILABLE, "cannot check the token: TokenReview failed ("
                    + (e.getCode() <= 0 ? "API server unreachable" : "HTTP " + e.getCode()) + ")", e);
        }
    }

    /** Istio kubeauth's rules: authenticated, our audience, a ServiceAccount user. */
    static Caller fromReview(TokenReviewStatus status, String audience, TrustDomain trustDomain) {
        if (status.getError() != null && !status.getError().isBlank()) {
            throw unauthenticated("token rejected: " + status.getError());
        }
        if (!Boolean.TRUE.equals(status.getAuthenticated())) {
            throw unauthenticated("token is not authenticated (invalid or expired)");
        }
        List<String> audiences = status.getAudiences() == null ? List.of() : status.getAudiences();
        if (!audiences.contains(audience)) {
            throw unauthenticated("token is not valid for audience " + audience + " (token audiences: " + audiences + ")");
        }
        String user = status.getUser() == null ? "" : status.getUser().getUsername();
        String[] parts = user == null ? new String[0] : user.split(":", -1);
        if (!user.startsWith(SERVICE_ACCOUNT_PREFIX) || parts.length != 4) {
            throw unauthenticated("user " + user + " is not a ServiceAccount (expected " + SERVICE_ACCOUNT_PREFIX + "<ns>:<sa>)");
        }
        Map<String, List<String>> extra = status.getUser().getExtra() == null ? Map.of() : status.getUser().getExtra();
        return new Caller(SpiffeId.forServiceAccount(trustDomain, parts[2], parts[3]), first(extra, POD_NAME_EXTRA), first(extra, POD_UID_EXTRA));
    }

    private static Optional<String> first(Map<String, List<String>> extra, String key) {
        List<String> values = extra.get(key);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.get(0));
    }

    private static CaRefusedException unauthenticated(String message) {
        return new CaRefusedException(Refusal.UNAUTHENTICATED, message);
    }
}
