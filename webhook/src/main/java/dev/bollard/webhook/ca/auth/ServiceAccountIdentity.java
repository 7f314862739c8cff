package dev.bollard.webhook.ca.auth;

import dev.bollard.identity.SpiffeId;
import dev.bollard.identity.TrustDomain;
import dev.bollard.webhook.ca.CaConfig;
import dev.bollard.webhook.ca.CaMetrics;
import dev.bollard.webhook.ca.CaRefusedException;
import dev.bollard.webhook.ca.Refusal;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Turns a bearer token into the caller's {@link SpiffeId}: a TokenReview with audience
 * {@code istio-ca} (Istio's kubeauth), accepting only {@code system:serviceaccount:<ns>:<sa>}
 * users; or, when configured for local development, the static token file instead. The
 * TokenReviews are bounded, reused and coalesced by {@link TokenReviews}.
 */
@ApplicationScoped
public class ServiceAccountIdentity {
    static final String SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";
    static final String POD_NAME_EXTRA = "authentication.kubernetes.io/pod-name";
    static final String POD_UID_EXTRA = "authentication.kubernetes.io/pod-uid";

    private final TokenReviews reviews;
    private final CaConfig config;
    private final Optional<StaticTokenFile> staticTokens;

    @Inject
    public ServiceAccountIdentity(KubernetesClient client, CaConfig config, CaMetrics metrics) {
        this(TokenReviewClient.withTimeout(client, config.tokenReview().timeout(), config.tokenReview().maxConcurrent()),
                config, metrics);
    }

    public ServiceAccountIdentity(TokenReviewClient client, CaConfig config, CaMetrics metrics) {
        this.reviews = new TokenReviews(client, config.audience(), TokenReviews.Limits.of(config.tokenReview()),
                Clock.systemUTC(), metrics);
        this.config = config;
        this.staticTokens = config.staticTokenFile().map(StaticTokenFile::new);
    }

    /** Authenticates an {@code Authorization} header value ({@code Bearer <token>}). */
    public Caller authenticate(String authorization) {
        String token = bearerToken(authorization);
        TrustDomain trustDomain = TrustDomain.parse(config.trustDomain());
        if (staticTokens.isPresent()) {
            StaticTokens tokens = staticTokens.get().current();
            return tokens.identity(token, trustDomain).map(Caller::of).orElseThrow(() -> unauthenticated(
                    "token is not in the static token file" + (tokens.problems().isEmpty() ? ""
                            : " (" + tokens.problems().size() + " malformed line(s) skipped, see the log)")));
        }
        return fromReview(reviews.review(token), config.audience(), trustDomain);
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
        String user = status.getUser() == null || status.getUser().getUsername() == null ? "" : status.getUser().getUsername();
        String[] parts = user.split(":", -1);
        if (!user.startsWith(SERVICE_ACCOUNT_PREFIX) || parts.length != 4) {
            throw unauthenticated("user " + user + " is not a ServiceAccount (expected " + SERVICE_ACCOUNT_PREFIX + "<ns>:<sa>)");
        }
        Map<String, List<String>> extra = status.getUser().getExtra() == null ? Map.of() : status.getUser().getExtra();
        SpiffeId id;
        try {
            id = SpiffeId.forServiceAccount(trustDomain, parts[2], parts[3]);
        } catch (IllegalArgumentException e) {
            throw unauthenticated("user " + user + " does not name a ServiceAccount that can be a SPIFFE ID: " + e.getMessage());
        }
        return new Caller(id, first(extra, POD_NAME_EXTRA), first(extra, POD_UID_EXTRA));
    }

    private static Optional<String> first(Map<String, List<String>> extra, String key) {
        List<String> values = extra.get(key);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.get(0));
    }

    private static CaRefusedException unauthenticated(String message) {
        return new CaRefusedException(Refusal.UNAUTHENTICATED, message);
    }
}
