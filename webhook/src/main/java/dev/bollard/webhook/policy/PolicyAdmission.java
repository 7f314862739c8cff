package dev.bollard.webhook.policy;

import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bollard.webhook.admission.AdmissionHandler;
import dev.bollard.webhook.admission.AdmissionReviews;
import dev.bollard.webhook.admission.AdmissionVerdict;
import dev.bollard.webhook.admission.Webhook;
import io.fabric8.kubernetes.api.model.GroupVersionKind;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;

/**
 * The validating webhook for security.istio.io policies. CREATE and UPDATE of a known kind are
 * validated (the new object only, as istiod does); everything else is allowed untouched, since
 * a webhook must never block what it does not understand.
 */
@ApplicationScoped
@Webhook("validate")
public class PolicyAdmission implements AdmissionHandler {
    private static final Logger LOG = Logger.getLogger(PolicyAdmission.class);
    /** 422 Unprocessable Entity: the object is well-formed JSON but not a valid policy. */
    public static final int INVALID = 422;
    static final Set<String> VALIDATED_OPERATIONS = Set.of("CREATE", "UPDATE");

    private final ObjectMapper json;
    private final PolicyValidator validator;

    PolicyAdmission(ObjectMapper json, PolicyConfig config) {
        this.json = json;
        this.validator = new PolicyValidator(config.settings());
    }

    @Override
    public AdmissionVerdict review(AdmissionRequest request) {
        String operation = request.getOperation();
        if (operation != null && !VALIDATED_OPERATIONS.contains(operation)) {
            return AdmissionVerdict.of(AdmissionReviews.allow());
        }
        Optional<PolicyKind> kind = kindOf(request);
        if (kind.isEmpty()) {
            LOG.debugf("validate: allowing %s %s/%s untouched: not a kind this webhook validates",
                    describe(request.getKind()), request.getNamespace(), request.getName());
            return AdmissionVerdict.of(AdmissionReviews.allow());
        }
        if (request.getObject() == null) {
            return AdmissionVerdict.of(AdmissionReviews.deny(400, kind.get().kind() + " " + request.getNamespace() + "/"
                    + request.getName() + ": request.object is missing"));
        }
        // the edge hands the object over as the tree it parsed (admission/ObjectsAsTrees)
        JsonNode object = request.getObject() instanceof JsonNode tree ? tree : json.valueToTree(request.getObject());
        if (!object.isObject()) {
            return AdmissionVerdict.of(AdmissionReviews.deny(400, kind.get().kind() + " " + request.getNamespace() + "/"
                    + request.getName() + ": request.object must be a JSON object, not " + object.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
        }
        PolicyDocument doc = PolicyDocument.of(kind.get(), object, request.getNamespace(), request.getName());
        PolicyReport report = validator.report(doc);
        if (!report.valid()) {
            LOG.infof("validate: denied %s (%d violations)", doc.describe(), report.violations().size());
            return AdmissionVerdict.of(AdmissionReviews.deny(INVALID, report.denyMessage(), report.warningMessages()));
        }
        return AdmissionVerdict.of(AdmissionReviews.allow(report.warningMessages()));
    }

    /** The kind the API server admits, as the request names it (the object may be of another version). */
    private static Optional<PolicyKind> kindOf(AdmissionRequest request) {
        GroupVersionKind gvk = request.getKind();
        if (gvk == null) {
            return Optional.empty();
        }
        return PolicyKind.find(gvk.getGroup(), gvk.getVersion(), gvk.getKind());
    }

    private static String describe(GroupVersionKind gvk) {
        return gvk == null ? "<no kind>" : gvk.getGroup() + "/" + gvk.getVersion() + " " + gvk.getKind();
    }
}
