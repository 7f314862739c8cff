package dev.bollard.webhook.inject;

import dev.bollard.identity.TrustDomain;
import io.fabric8.kubernetes.api.model.Pod;

/** Everything the template is rendered with; all decisions already made. */
public record InjectionValues(MeshValues values, CaptureSettings capture, ProxyResources resources, PodIdentity pod,
                              ProxyLifecycle lifecycle, ProxyIds ids) {

    /** Derives the per-pod values; throws {@link InvalidAnnotationException} for a bad annotation. */
    public static InjectionValues of(Pod pod, String namespace, MeshValues values, TrustDomain trustDomain) {
        return new InjectionValues(values,
                CaptureSettings.of(pod, values.proxy()),
                ProxyResources.of(pod, values),
                PodIdentity.of(pod, namespace, trustDomain),
                ProxyLifecycle.of(pod, values),
                ProxyIds.of(pod, values));
    }
}
