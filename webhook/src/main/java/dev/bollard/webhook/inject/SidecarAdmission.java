package dev.bollard.webhook.inject;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectReader;

import dev.bollard.webhook.admission.AdmissionDeniedException;
import dev.bollard.webhook.ca.CaConfig;
import dev.bollard.identity.TrustDomain;
import dev.bollard.webhook.admission.AdmissionHandler;
import dev.bollard.webhook.admission.AdmissionReviews;
import dev.bollard.webhook.admission.AdmissionVerdict;
import dev.bollard.webhook.admission.Webhook;
import io.fabric8.kubernetes.api.model.GroupVersionKind;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;

/**
 * The mutating webhook: decide, derive values, render, patch. A skipped pod gets an allow
 * without a patch; a bad annotation gets a deny naming it.
 */
@ApplicationScoped
@Webhook("inject")
public class SidecarAdmission implements AdmissionHandler {
    private static final Logger LOG = Logger.getLogger(SidecarAdmission.class);
    private static final String CREATE = "CREATE";
    // skips the pod's owner did not choose (the namespace asked for the sidecar): worth an INFO
    // line; opt-outs, ignored namespaces and re-admissions are routine and stay at DEBUG
    private static final Set<SkipReason> NOTABLE_SKIPS = EnumSet.of(SkipReason.HOST_NETWORK, SkipReason.MIRROR_POD,
            SkipReason.OTHER_MESH);

    private final SidecarConfiguration sidecar;
    private final Set<String> ignoredNamespaces;
    private final TrustDomain trustDomain;

    SidecarAdmission(SidecarConfiguration sidecar, InjectionConfig config, CaConfig ca) {
        this.sidecar = sidecar;
        this.ignoredNamespaces = config.ignoredNamespaces();
        this.trustDomain = TrustDomain.parse(ca.trustDomain());
    }

    @Override
    public Optional<ObjectReader> typedReviews() {
        return Optional.of(PodReviews.reader());
    }

    @Override
    public AdmissionVerdict review(AdmissionRequest request) {
        try {
            return decide(request);
        } catch (InjectionRefusedException e) {
            return AdmissionVerdict.of(AdmissionReviews.deny(400, e.getMessage()));
        }
    }

    private AdmissionVerdict decide(AdmissionRequest request) {
        // containers of a running pod are immutable: only a CREATE can take the sidecar
        if (request.getOperation() != null && !CREATE.equals(request.getOperation())) {
            LOG.debugf("inject: %s of %s/%s allowed unchanged: only CREATE is injected", request.getOperation(),
                    request.getNamespace(), request.getName());
            return AdmissionVerdict.of(AdmissionReviews.allow());
        }
        Pod pod = pod(request);
        String namespace = namespace(request, pod);
        String ref = PodFacts.reference(pod, namespace);
        // values and injector from one load: a reload between them cannot mix two configurations
        LoadedSidecar configuration = sidecar.current();
        PodInjection.Outcome outcome = new PodInjection(configuration.injector(), configuration.values(), ignoredNamespaces,
                trustDomain).inject(pod, namespace);
        InjectionDecision decision = outcome.decision();
        if (!outcome.injected()) {
            LOG.logf(NOTABLE_SKIPS.contains(decision.reason()) ? Logger.Level.INFO : Logger.Level.DEBUG,
                    "inject %s: skipped (%s): %s", ref, decision.reason().label(), decision.detail());
            return AdmissionVerdict.because(AdmissionReviews.allow(), decision.reason().label());
        }
        LOG.debugf("inject %s: injected as %s (%s)", ref, outcome.values().pod().spiffeId(), decision.because());
        return AdmissionVerdict.of(AdmissionReviews.patch(outcome.patch()));
    }

    private static Pod pod(AdmissionRequest request) {
        GroupVersionKind kind = request.getKind();
        if (kind == null || !"Pod".equals(kind.getKind()) || !(kind.getGroup() == null || kind.getGroup().isEmpty())) {
            throw new AdmissionDeniedException(400, "the sidecar injector only handles core/v1 Pods, not "
                    + (kind == null ? "an unnamed kind" : kind.getGroup() + "/" + kind.getVersion() + " " + kind.getKind())
                    + "; check the MutatingWebhookConfiguration rules");
        }
        Object object = request.getObject();
        if (object == null) {
            throw new AdmissionDeniedException(400, "AdmissionReview request.object is missing");
        }
        if (object instanceof Pod pod) {
            return pod;
        }
        try {
            return object instanceof com.fasterxml.jackson.databind.JsonNode tree ? PodJson.read(tree, Pod.class)
                    : PodJson.SERIALIZATION.convertValue(object, Pod.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new AdmissionDeniedException(400, "request.object is not a Pod: "
                    + dev.bollard.webhook.admission.JsonInputError.describe(e, ""));
        } catch (RuntimeException e) {
            // convertValue wraps the Jackson failure; its path and expected type are what a person needs
            String why = e.getCause() instanceof com.fasterxml.jackson.core.JacksonException j
                    ? dev.bollard.webhook.admission.JsonInputError.describe(j, "")
                    : "the object does not have the shape of a Pod";
            throw new AdmissionDeniedException(400, "request.object is not a Pod: " + why);
        }
    }

    private static String namespace(AdmissionRequest request, Pod pod) {
        if (request.getNamespace() != null && !request.getNamespace().isEmpty()) {
            return request.getNamespace();
        }
        String namespace = pod.getMetadata() == null ? null : pod.getMetadata().getNamespace();
        return namespace == null || namespace.isEmpty() ? "default" : namespace;
    }
}
