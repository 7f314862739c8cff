package dev.bollard.webhook.policy;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The validating webhook with the default settings, without CDI. */
public final class TestPolicyAdmission {
    private TestPolicyAdmission() {
    }

    public static PolicyAdmission defaults(ObjectMapper json) {
        return new PolicyAdmission(json, new PolicyConfig() {
            @Override
            public String rootNamespace() {
                return PolicySettings.DEFAULT_ROOT_NAMESPACE;
            }

            @Override
            public String trustDomain() {
                return PolicySettings.DEFAULT_TRUST_DOMAIN;
            }
        });
    }
}
