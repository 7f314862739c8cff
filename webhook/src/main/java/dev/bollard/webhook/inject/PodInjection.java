package dev.bollard.webhook.inject;

import java.util.Set;

import dev.bollard.identity.TrustDomain;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * Decide, derive the values, render and merge: the whole injection of one pod without an
 * AdmissionReview around it, so the webhook and {@code bollard kube-inject} give the same pod.
 * Pure; a bad annotation or a clash throws {@link InjectionRefusedException}
 * (or its {@link InvalidAnnotationException}) with the message the webhook denies with.
 */
public final class PodInjection {
    private final SidecarInjector injector;
    private final MeshValues values;
    private final Set<String> ignoredNamespaces;
    private final TrustDomain trustDomain;

    public PodInjection(SidecarInjector injector, MeshValues values, Set<String> ignoredNamespaces, TrustDomain trustDomain) {
        this.injector = injector;
        this.values = values;
        this.ignoredNamespaces = Set.copyOf(ignoredNamespaces);
        this.trustDomain = trustDomain;
    }

    /**
     * What happened to one pod.
     *
     * @param sent    the pod as it came
     * @param changes the fields injection wrote; null when skipped
     * @param values  the values it was rendered with; null when skipped
     */
    public record Outcome(InjectionDecision decision, Pod sent, PodChanges changes, InjectionValues values) {
        public boolean injected() {
            return decision.inject();
        }

        /** The injected pod (a new object), or the pod as sent when skipped. */
        public Pod pod() {
            return changes == null ? sent : changes.applyTo(sent);
        }

        /** The JSON Patch that makes the pod as sent the injected one; {@code []} when skipped. */
        public String patch() {
            return changes == null ? "[]" : PodPatch.of(sent, changes);
        }
    }

    public Outcome inject(Pod pod, String namespace) {
        InjectionDecision decision = InjectionDecision.decide(pod, namespace, ignoredNamespaces);
        if (!decision.inject()) {
            return new Outcome(decision, pod, null, null);
        }
        InjectionValues podValues = InjectionValues.of(pod, namespace, values, trustDomain);
        // a template's own labels and annotations (grpc-simple: no probe rewriting; gateway: a
        // regular proxy) decide as the pod's would, so the values are derived again with them
        Pod templated = injector.withTemplateMetadata(pod, podValues);
        if (templated != pod) {
            podValues = InjectionValues.of(templated, namespace, values, trustDomain);
        }
        return new Outcome(decision, pod, injector.changes(templated, podValues, decision.because()), podValues);
    }
}
