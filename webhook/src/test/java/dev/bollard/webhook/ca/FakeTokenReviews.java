package dev.bollard.webhook.ca;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.utils.ResponseProvider;
import io.quarkus.test.kubernetes.client.KubernetesServer;

/**
 * The API server's TokenReview endpoint on the mock server, answering by token as a real one would:
 * a pod-bound ServiceAccount token, a second workload's, an expired one, one for another audience, a user's, and one
 * for which the API server itself fails (503).
 */
public final class FakeTokenReviews implements ResponseProvider<Object> {
    public static final String PATH = "/apis/authentication.k8s.io/v1/tokenreviews";
    public static final String WEB = "web-token";
    public static final String EXPIRED = "expired-token";
    public static final String OTHER_AUDIENCE = "kube-apiserver-token";
    public static final String USER = "user-token";
    public static final String API_DOWN = "api-down-token";
    public static final String WEB_ID = "spiffe://cluster.local/ns/default/sa/web";
    /** A second workload, ServiceAccount shop/cart, for "a token for one never gets the other's certificate". */
    public static final String CART = "cart-token";
    public static final String CART_ID = "spiffe://cluster.local/ns/shop/sa/cart";

    private static final ObjectMapper JSON = new ObjectMapper();
    private Headers headers = Headers.builder().build();

    public static void install(KubernetesServer server) {
        server.expect().post().withPath(PATH).andReply(new FakeTokenReviews()).always();
    }

    @Override
    public int getStatusCode(RecordedRequest request) {
        return API_DOWN.equals(token(request)) ? 503 : 201;
    }

    @Override
    public Object getBody(RecordedRequest request) {
        String token = token(request);
        TokenReviewBuilder review = new TokenReviewBuilder().withNewSpec().withToken(token).endSpec();
        return switch (token) {
            case WEB -> review.withNewStatus().withAuthenticated(true).withAudiences("istio-ca").withNewUser()
                    .withUsername("system:serviceaccount:default:web")
                    .withExtra(Map.of("authentication.kubernetes.io/pod-name", List.of("web-7d4b9c-x2x1z"),
                            "authentication.kubernetes.io/pod-uid", List.of("0b4bd7a3-1c1d-4b6c-9d39-4ad0b1f0a111")))
                    .endUser().endStatus().build();
            case CART -> review.withNewStatus().withAuthenticated(true).withAudiences("istio-ca").withNewUser()
                    .withUsername("system:serviceaccount:shop:cart").endUser().endStatus().build();
            case OTHER_AUDIENCE -> review.withNewStatus().withAuthenticated(true).withAudiences("https://kubernetes.default.svc")
                    .withNewUser().withUsername("system:serviceaccount:default:web").endUser().endStatus().build();
            case USER -> review.withNewStatus().withAuthenticated(true).withAudiences("istio-ca")
                    .withNewUser().withUsername("alice@example.com").endUser().endStatus().build();
            case API_DOWN -> Map.of("kind", "Status", "status", "Failure", "code", 503, "message", "etcd is unavailable");
            default -> review.withNewStatus().withAuthenticated(false).withError("[invalid bearer token, token has expired]").endStatus().build();
        };
    }

    private static String token(RecordedRequest request) {
        try {
            // getBytes() does not consume the body, which both getStatusCode and getBody read
            JsonNode review = JSON.readTree(request.getBody().getBytes());
            return review.path("spec").path("token").asText();
        } catch (Exception e) {
            return "";
        }
    }

    @Override
    public Headers getHeaders() {
        return headers;
    }

    @Override
    public void setHeaders(Headers headers) {
        this.headers = headers;
    }
}
