package dev.bollard.webhook.policy;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/** The security.istio.io kinds this webhook validates, in the versions it understands. */
public enum PolicyKind {
    PEER_AUTHENTICATION("PeerAuthentication", "peerauthentications"),
    AUTHORIZATION_POLICY("AuthorizationPolicy", "authorizationpolicies");

    public static final String GROUP = "security.istio.io";
    public static final Set<String> VERSIONS = Set.of("v1", "v1beta1");

    private final String kind;
    private final String plural;

    PolicyKind(String kind, String plural) {
        this.kind = kind;
        this.plural = plural;
    }

    public String kind() {
        return kind;
    }

    public String plural() {
        return plural;
    }

    /** The kind for a group/version/kind triple, or empty when it is not one we validate. */
    public static Optional<PolicyKind> find(String group, String version, String kind) {
        if (!GROUP.equals(group) || !VERSIONS.contains(version)) {
            return Optional.empty();
        }
        return Arrays.stream(values()).filter(k -> k.kind.equals(kind)).findFirst();
    }

    /** Same as {@link #find(String, String, String)} from an {@code apiVersion} such as {@code security.istio.io/v1}. */
    public static Optional<PolicyKind> fromApiVersion(String apiVersion, String kind) {
        if (apiVersion == null || apiVersion.indexOf('/') < 0) {
            return Optional.empty();
        }
        int slash = apiVersion.indexOf('/');
        return find(apiVersion.substring(0, slash), apiVersion.substring(slash + 1), kind);
    }
}
