package dev.bollard.webhook.inject;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * Who the pod will be in the mesh: its namespace and ServiceAccount, and the SPIFFE ID its
 * certificate will carry ({@code spiffe://<trust-domain>/ns/<ns>/sa/<sa>}).
 */
public record PodIdentity(String namespace, String serviceAccount, String spiffeId) {

    public static PodIdentity of(Pod pod, String namespace, String trustDomain) {
        String serviceAccount = PodFacts.serviceAccount(pod);
        return new PodIdentity(namespace, serviceAccount,
                "spiffe://" + trustDomain + "/ns/" + namespace + "/sa/" + serviceAccount);
    }
}
