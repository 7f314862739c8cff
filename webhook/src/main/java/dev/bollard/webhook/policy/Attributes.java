package dev.bollard.webhook.policy;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The keys a {@code when} condition may test, as istiod knows them, and the check each key's
 * values get. Keys with brackets name a header, claim or filter field: {@code request.headers[x-user]}.
 */
final class Attributes {
    static final String REQUEST_HEADERS = "request.headers";
    static final String INLINE_HEADERS = "request.experimental.inline.headers";
    static final String SOURCE_IP = "source.ip";
    static final String REMOTE_IP = "remote.ip";
    static final String SOURCE_NAMESPACE = "source.namespace";
    static final String SOURCE_SERVICE_ACCOUNT = "source.serviceAccount";
    static final String SOURCE_PRINCIPAL = "source.principal";
    static final String REQUEST_PRINCIPAL = "request.auth.principal";
    static final String REQUEST_AUDIENCES = "request.auth.audiences";
    static final String REQUEST_PRESENTER = "request.auth.presenter";
    static final String REQUEST_CLAIMS = "request.auth.claims";
    static final String DESTINATION_IP = "destination.ip";
    static final String DESTINATION_PORT = "destination.port";
    static final String CONNECTION_SNI = "connection.sni";
    static final String EXPERIMENTAL = "experimental.envoy.filters.";
    static final String REQUEST_AUTH_PREFIX = "request.auth.";

    static final List<String> KNOWN = List.of(REQUEST_HEADERS + "[<name>]", SOURCE_IP, REMOTE_IP, SOURCE_NAMESPACE,
            SOURCE_SERVICE_ACCOUNT, SOURCE_PRINCIPAL, REQUEST_PRINCIPAL, REQUEST_AUDIENCES, REQUEST_PRESENTER,
            REQUEST_CLAIMS + "[<claim>]", DESTINATION_IP, DESTINATION_PORT, CONNECTION_SNI, EXPERIMENTAL + "*[<field>]");

    private static final Function<String, Optional<String>> ANY_VALUE = v -> Optional.empty();

    /** How a known key's values are checked, or why the key is refused. */
    record Rule(Optional<String> keyError, Function<String, Optional<String>> values) {
        static Rule accept(Function<String, Optional<String>> values) {
            return new Rule(Optional.empty(), values);
        }

        static Rule refuse(String reason) {
            return new Rule(Optional.of(reason), ANY_VALUE);
        }
    }

    private Attributes() {
    }

    static Rule rule(String key) {
        if (key.startsWith(REQUEST_HEADERS)) {
            return bracketed(key, REQUEST_HEADERS);
        }
        if (key.startsWith(INLINE_HEADERS)) {
            return bracketed(key, INLINE_HEADERS);
        }
        if (key.startsWith(REQUEST_CLAIMS)) {
            return bracketed(key, REQUEST_CLAIMS);
        }
        if (key.startsWith(EXPERIMENTAL)) {
            return key.indexOf('[') > EXPERIMENTAL.length() && key.endsWith("]") && key.indexOf('[') < key.length() - 2
                    ? Rule.accept(ANY_VALUE)
                    : Rule.refuse("bad key \"" + key + "\": should have format " + EXPERIMENTAL + "<filter>[<field>]");
        }
        return switch (key) {
            case SOURCE_IP, REMOTE_IP, DESTINATION_IP -> Rule.accept(NetworkValues::checkIpOrCidr);
            case DESTINATION_PORT -> Rule.accept(NetworkValues::checkPort);
            case SOURCE_NAMESPACE -> Rule.accept(Identities::checkNamespace);
            case SOURCE_PRINCIPAL -> Rule.accept(Identities::checkPrincipal);
            case SOURCE_SERVICE_ACCOUNT -> Rule.accept(Identities::checkServiceAccount);
            case REQUEST_PRINCIPAL, REQUEST_AUDIENCES, REQUEST_PRESENTER, CONNECTION_SNI -> Rule.accept(ANY_VALUE);
            case "destination.namespace" -> Rule.refuse("attribute destination.namespace is replaced by metadata.namespace");
            case "destination.name", "destination.user" -> Rule.refuse("deprecated attribute " + key + ": only supported in v1alpha1");
            default -> key.startsWith("destination.labels")
                    ? Rule.refuse("attribute destination.labels is replaced by the workload selector")
                    : Rule.refuse("unknown attribute \"" + key + "\"; supported: " + String.join(", ", KNOWN));
        };
    }

    private static Rule bracketed(String key, String prefix) {
        boolean ok = key.length() > prefix.length() + 2 && key.charAt(prefix.length()) == '[' && key.endsWith("]");
        return ok ? Rule.accept(ANY_VALUE)
                : Rule.refuse("bad key \"" + key + "\": should have format " + prefix + "[<name>]");
    }
}
