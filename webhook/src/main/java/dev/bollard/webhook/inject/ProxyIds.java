package dev.bollard.webhook.inject;

import java.util.Objects;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecurityContext;

/**
 * The user and group istio-init exempts from capture: the {@code runAsUser} of the pod's own
 * {@code istio-proxy} override when it sets one (else the proxy's traffic would be captured
 * again, a loop), for both, as Istio passes only {@code -u} then; else {@code values.proxy.uid}
 * / {@code gid}. The override's {@code runAsGroup} is not exempted: a group the proxy shares
 * with the app (a pod-level runAsGroup) would let the app's traffic bypass the proxy.
 */
public record ProxyIds(long uid, long gid) {

    public static ProxyIds of(Pod pod, MeshValues values) {
        SecurityContext context = Stream.concat(PodFacts.containers(pod).stream(), PodFacts.initContainers(pod).stream())
                .filter(c -> MeshAnnotations.PROXY_CONTAINER.equals(c.getName()))
                .map(Container::getSecurityContext).filter(Objects::nonNull).findFirst().orElse(null);
        long uid = context != null && context.getRunAsUser() != null ? context.getRunAsUser() : values.proxy().uid();
        long gid = context != null && context.getRunAsUser() != null ? context.getRunAsUser() : values.proxy().gid();
        if (uid < 0 || gid < 0) {
            throw new InjectionRefusedException("container " + MeshAnnotations.PROXY_CONTAINER
                    + ": securityContext.runAsUser and runAsGroup must not be negative");
        }
        return new ProxyIds(uid, gid);
    }
}
