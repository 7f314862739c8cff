package dev.bollard.webhook.policy;

import java.util.Optional;

/**
 * The keys a {@code when} condition may test, as istiod's {@code ValidateAttribute} knows them (Istio
 * 1.30), and the rule each key's values get. Keys with brackets name a header, claim or filter
 * field: {@code request.headers[x-user]}.
 */
final class Attributes {
    static final String REQUEST_HEADERS = "request.headers";
    static final String SOURCE_IP = "source.ip";
    static final String REMOTE_IP = "remote.ip";
    static final String SOURCE_NAMESPACE = "source.namespace";
    static final String SOURCE_SERVICE_ACCOUNT = "source.serviceAccount";
    static final String SOURCE_PRINCIPAL = "source.principal";
    static final String SOURCE_TRUST_DOMAIN = "source.trustDomain";
    static final String REQUEST_PRINCIPAL = "request.auth.principal";
    static final String REQUEST_AUDIENCES = "request.auth.audiences";
    static final String REQUEST_PRESENTER = "request.auth.presenter";
    static final String REQUEST_CLAIMS = "request.auth.claims";
    static final String DESTINATION_IP = "destination.ip";
    static final String DESTINATION_PORT = "destination.port";
    static final String CONNECTION_SNI = "connection.sni";
    static final String EXPERIMENTAL = "experimental.envoy.filters.";
    static final String REQUEST_AUTH_PREFIX = "request.auth.";

    /** For the message on an unknown key: the families, not every key (the reference page lists them). */
    static final String SUPPORTED = "source.{ip,namespace,principal,serviceAccount,trustDomain}, remote.ip, "
            + "request.headers[<name>], request.auth.{principal,audiences,presenter,claims[<claim>]}, "
            + "destination.{ip,port}, connection.sni, experimental.envoy.filters.<filter>[<field>]";

    private static final ValueRule ADDRESS = ValueRule.refuse(NetworkValues::checkIpOrCidr);

    /** How a known key's values are judged, or why the key is refused; advice on a key istiod takes but we doubt. */
    record Rule(Optional<String> keyError, Optional<String> keyAdvice, ValueRule values) {
        static Rule accept(ValueRule values) {
            return new Rule(Optional.empty(), Optional.empty(), values);
        }

        static Rule refuse(String reason) {
            return new Rule(Optional.of(reason), Optional.empty(), ValueRule.ANY);
        }

        static Rule advise(String advice, ValueRule values) {
            return new Rule(Optional.empty(), Optional.of(advice), values);
        }
    }

    private Attributes() {
    }

    static Rule rule(String key) {
        if (key.startsWith(REQUEST_HEADERS)) {
            return bracketed(key, REQUEST_HEADERS);
        }
        if (key.startsWith(REQUEST_CLAIMS)) {
            return bracketed(key, REQUEST_CLAIMS);
        }
        if (key.startsWith(EXPERIMENTAL)) {
            if (!isMapKey(key)) {
                return Rule.refuse("bad key \"" + key + "\": should have format " + EXPERIMENTAL + "<filter>[<field>]");
            }
            return key.indexOf('[') > EXPERIMENTAL.length() ? Rule.accept(ValueRule.ANY)
                    : Rule.advise("\"" + key + "\" names no filter: should have format " + EXPERIMENTAL + "<filter>[<field>]",
                            ValueRule.ANY);
        }
        return switch (key) {
            case SOURCE_IP, REMOTE_IP, DESTINATION_IP -> Rule.accept(ADDRESS);
            case DESTINATION_PORT -> Rule.accept(ValueRule.refuse(NetworkValues::checkPort));
            case SOURCE_NAMESPACE -> Rule.accept(SourceChecks.NAMESPACE);
            case SOURCE_PRINCIPAL -> Rule.accept(SourceChecks.PRINCIPAL);
            case SOURCE_SERVICE_ACCOUNT -> Rule.accept(SourceChecks.SERVICE_ACCOUNT);
            case SOURCE_TRUST_DOMAIN -> Rule.accept(SourceChecks.TRUST_DOMAIN);
            case REQUEST_PRINCIPAL, REQUEST_AUDIENCES, REQUEST_PRESENTER, CONNECTION_SNI -> Rule.accept(ValueRule.LITERAL_STARS);
            case "destination.namespace" -> Rule.refuse("attribute destination.namespace is replaced by metadata.namespace");
            case "destination.name", "destination.user" -> Rule.refuse("deprecated attribute " + key + ": only supported in v1alpha1");
            default -> key.startsWith("destination.labels")
                    ? Rule.refuse("attribute destination.labels is replaced by the workload selector")
                    : Rule.refuse("unknown attribute \"" + key + "\"; supported: " + SUPPORTED);
        };
    }

    private static Rule bracketed(String key, String prefix) {
        if (!isMapKey(key)) {
            return Rule.refuse("bad key \"" + key + "\": should have format " + prefix + "[<name>]");
        }
        return key.charAt(prefix.length()) == '[' ? Rule.accept(ValueRule.LITERAL_STARS)
                : Rule.advise("\"" + key + "\" is not of the form " + prefix + "[<name>]; istiod takes it, but it names"
                        + " nothing a request has, so the condition never matches", ValueRule.LITERAL_STARS);
    }

    /** istiod's {@code validateMapKey}: a {@code [} after the first character, a {@code ]} at the end, something between. */
    private static boolean isMapKey(String key) {
        int open = key.indexOf('[');
        return key.endsWith("]") && open > 0 && open < key.length() - 2;
    }
}
