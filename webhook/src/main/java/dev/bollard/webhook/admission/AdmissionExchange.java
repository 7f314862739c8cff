package dev.bollard.webhook.admission;

import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import dev.bollard.webhook.http.ApiError;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;

/**
 * One admission exchange, from a complete body to the HTTP answer: parses the review, hands the
 * request to the handler and wraps its answer. A body that is not an admission.k8s.io/v1
 * AdmissionReview gets a 400 JSON error, a deny becomes {@code allowed: false}, and a bug in a
 * handler is still answered with a review the API server can show. No I/O: the edge
 * ({@link AdmissionResource}) reads the body, already bounded (a 413 there), and picks the thread;
 * fuzzers call this directly.
 */
public final class AdmissionExchange {
    private static final Logger LOG = Logger.getLogger(AdmissionExchange.class);

    private final ObjectMapper json;
    private final AdmissionMetrics metrics;

    public AdmissionExchange(ObjectMapper json, AdmissionMetrics metrics) {
        this.json = json.copy().addMixIn(AdmissionRequest.class, ObjectsAsTrees.class);
        // field names are neither interned nor pooled: a review's names are mostly its own, and a
        // 3 MiB object of 200,000 distinct keys spent more time in the JVM's intern table and
        // Jackson's symbol table than in the checks
        this.json.getFactory().disable(com.fasterxml.jackson.core.JsonFactory.Feature.INTERN_FIELD_NAMES);
        this.metrics = metrics;
    }

    /** The answer to one complete request body: a review echoing its uid, or a JSON 400/413. */
    public Response answer(String webhook, byte[] body, AdmissionHandler handler) {
        AdmissionMetrics.Sample sample = metrics.start(webhook);
        AdmissionReview review;
        try {
            review = parse(body, handler);
        } catch (BadRequestException e) {
            LOG.debugf("%s: rejected request body: %s", webhook, e.getMessage());
            metrics.failed(sample, "bad_request");
            return ApiError.badRequest(e.getMessage());
        }
        AdmissionRequest request = review.getRequest();
        AdmissionVerdict verdict;
        try {
            verdict = handler.review(request);
        } catch (AdmissionDeniedException e) {
            // a refusal the user will read in kubectl's error: the operator sees it too
            LOG.infof("%s: denied request %s (%d): %s", webhook, request.getUid(), e.code(), e.getMessage());
            verdict = AdmissionVerdict.of(AdmissionReviews.deny(e.code(), e.getMessage()));
        } catch (RuntimeException e) {
            // a bug, not a verdict: still answer with a review the API server can show the user,
            // rather than a bare 500 it reports as "failed calling webhook"
            LOG.errorf(e, "%s: unexpected failure reviewing request %s", webhook, request.getUid());
            metrics.failed(sample, e.getClass().getSimpleName());
            return Response.ok(AdmissionReviews.reply(request.getUid(), AdmissionReviews.deny(500,
                    "internal error in the " + webhook + " webhook (" + e.getClass().getSimpleName()
                            + "); see the bollard log for request " + request.getUid()))).build();
        }
        metrics.finish(sample, verdict.response(), verdict.reason());
        return Response.ok(AdmissionReviews.reply(request.getUid(), verdict.response())).build();
    }

    private AdmissionReview parse(byte[] body, AdmissionHandler handler) {
        if (body == null || body.length == 0) {
            throw new BadRequestException("request body is empty; expected an admission.k8s.io/v1 AdmissionReview");
        }
        AdmissionReview review = handler.typedReviews().map(reader -> typed(reader, body)).orElse(null);
        try {
            if (review == null) {
                review = json.readValue(body, AdmissionReview.class);
            }
        } catch (JacksonException e) {
            throw new BadRequestException("request body is not an AdmissionReview: " + JsonInputError.describe(e, ""), e);
        } catch (java.io.IOException e) {
            throw new BadRequestException("request body could not be read: " + e.getMessage(), e);
        }
        if (review == null) {
            throw new BadRequestException("request body is null; expected an admission.k8s.io/v1 AdmissionReview");
        }
        if (!AdmissionReviews.API_VERSION.equals(review.getApiVersion()) || !AdmissionReviews.KIND.equals(review.getKind())) {
            throw new BadRequestException("unsupported review " + review.getApiVersion() + "/" + review.getKind()
                    + "; this webhook speaks " + AdmissionReviews.API_VERSION + "/" + AdmissionReviews.KIND);
        }
        AdmissionRequest request = review.getRequest();
        if (request == null || request.getUid() == null || request.getUid().isBlank()) {
            throw new BadRequestException("AdmissionReview has no request or no request.uid");
        }
        // a JSON null is read as a NullNode tree; handlers see an absent object as before
        if (request.getObject() instanceof JsonNode object && object.isNull()) {
            request.setObject(null);
        }
        if (request.getOldObject() instanceof JsonNode old && old.isNull()) {
            request.setOldObject(null);
        }
        return review;
    }

    /**
     * The review with its object bound by the handler's reader, or null when that reader refuses
     * the body: the tree reading then finds the same fault and words it, or the handler does.
     */
    private static AdmissionReview typed(ObjectReader reader, byte[] body) {
        try {
            return reader.readValue(body);
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
