package dev.bollard.proxy.authz;

import com.fasterxml.jackson.databind.JsonNode;

/** The feed's {@code authorizationPolicies} array → an {@link Authorizer}. */
public final class AuthorizationPolicies {
    private AuthorizationPolicies() {
    }

    /**
     * @param node the array, or null when the control plane sent none (no policy selects the workload)
     * @param at   the field's path for messages
     * @throws IllegalArgumentException naming the first invalid field
     */
    public static Authorizer parse(JsonNode node, String at) {
        if (node == null || node.isNull() || node.isArray() && node.isEmpty()) {
            return Authorizer.NONE;
        }
        throw new IllegalArgumentException(at + ": not implemented yet");
    }
}
