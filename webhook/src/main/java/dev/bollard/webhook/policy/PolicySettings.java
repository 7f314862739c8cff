package dev.bollard.webhook.policy;

import java.util.Objects;

/**
 * What the validator needs to know about the mesh. Built from {@link PolicyConfig} in the server
 * and from defaults in {@code bollard validate}, so the pure core never needs CDI.
 *
 * @param rootNamespace namespace whose policies are mesh-wide (default {@code istio-system})
 * @param trustDomain   this mesh's SPIFFE trust domain (default {@code cluster.local})
 */
public record PolicySettings(String rootNamespace, String trustDomain) {
    public static final String DEFAULT_ROOT_NAMESPACE = "istio-system";
    public static final String DEFAULT_TRUST_DOMAIN = "cluster.local";
    public static final PolicySettings DEFAULTS = new PolicySettings(DEFAULT_ROOT_NAMESPACE, DEFAULT_TRUST_DOMAIN);

    public PolicySettings {
        Objects.requireNonNull(rootNamespace, "rootNamespace");
        Objects.requireNonNull(trustDomain, "trustDomain");
        if (rootNamespace.isBlank() || trustDomain.isBlank()) {
            throw new IllegalArgumentException("policy settings: root namespace and trust domain must not be blank");
        }
    }
}
