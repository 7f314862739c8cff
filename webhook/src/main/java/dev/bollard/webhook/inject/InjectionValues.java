package dev.bollard.webhook.inject;

import dev.bollard.identity.TrustDomain;
import io.fabric8.kubernetes.api.model.Pod;

/** Everything the template is rendered with; all decisions already made. */
public record InjectionValues(MeshValues values, CaptureSettings capture, ProxyResources resources, PodIdentity pod,
                              ProxyLifecycle lifecycle, ProxyStatus status, ProxyPlacement placement, ProxyIds ids) {

    /** Derives the per-pod values; throws {@link InvalidAnnotationException} for a bad annotation. */
    public static InjectionValues of(Pod pod, String namespace, MeshValues values, TrustDomain trustDomain) {
        ProxyStatus status = ProxyStatus.of(pod, values.proxy());
        ProxyLifecycle lifecycle = ProxyLifecycle.of(pod, values);
        return new InjectionValues(values,
                CaptureSettings.of(pod, values.proxy(), status),
                ProxyResources.of(pod, values),
                PodIdentity.of(pod, namespace, trustDomain),
                lifecycle,
                status,
                ProxyPlacement.of(pod, values.proxy(), lifecycle),
                ProxyIds.of(pod, values));
    }
}
