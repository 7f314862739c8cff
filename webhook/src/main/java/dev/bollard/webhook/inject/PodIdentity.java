package dev.bollard.webhook.inject;

import java.util.List;
import java.util.Objects;

import dev.bollard.identity.SpiffeId;
import dev.bollard.identity.TrustDomain;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * Who the pod will be in the mesh: its namespace and ServiceAccount, and the SPIFFE ID its
 * certificate will carry ({@code spiffe://<trust-domain>/ns/<ns>/sa/<sa>}). The trust domain is
 * the CA's ({@code bollard.ca.trust-domain}), so the annotation always names what the CA issues.
 */
public record PodIdentity(String namespace, String serviceAccount, String trustDomain, String spiffeId,
                          List<String> appContainers) {

    public PodIdentity {
        appContainers = List.copyOf(appContainers);
    }

    public static PodIdentity of(Pod pod, String namespace, TrustDomain trustDomain) {
        String serviceAccount = PodFacts.serviceAccount(pod);
        SpiffeId id;
        try {
            id = SpiffeId.forServiceAccount(trustDomain, namespace, serviceAccount);
        } catch (IllegalArgumentException e) {
            throw new InjectionRefusedException("spec.serviceAccountName \"" + serviceAccount
                    + "\" cannot name a workload identity: " + e.getMessage());
        }
        // named templates that patch app containers (grpc-agent) list them by name
        List<String> apps = PodFacts.containers(pod).stream().map(Container::getName).filter(Objects::nonNull)
                .filter(name -> !MeshAnnotations.PROXY_CONTAINER.equals(name)).toList();
        return new PodIdentity(namespace, serviceAccount, trustDomain.name(), id.toString(), apps);
    }
}
