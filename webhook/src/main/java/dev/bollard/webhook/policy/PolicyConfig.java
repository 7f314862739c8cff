package dev.bollard.webhook.policy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of the policy webhook, prefix {@code bollard.policy}. */
@ConfigMapping(prefix = "bollard.policy")
public interface PolicyConfig {
    /** Namespace whose policies are mesh-wide, as istiod's root namespace. Default {@code istio-system}. */
    @WithDefault(PolicySettings.DEFAULT_ROOT_NAMESPACE)
    String rootNamespace();

    /**
     * This mesh's trust domain, for the foreign-principal warning. Defaults to the CA's
     * {@code bollard.ca.trust-domain}, else {@code cluster.local}.
     */
    @WithDefault("${bollard.ca.trust-domain:" + PolicySettings.DEFAULT_TRUST_DOMAIN + "}")
    String trustDomain();

    default PolicySettings settings() {
        return new PolicySettings(rootNamespace(), trustDomain());
    }
}
