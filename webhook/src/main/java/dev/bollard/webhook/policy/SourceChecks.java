package dev.bollard.webhook.policy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code from[].source}: identities and addresses of the peer. Principals and namespaces must be
 * well formed; serviceAccounts exclude principals and namespaces (they are resolved differently);
 * CUSTOM actions cannot see identities, as in istiod.
 */
final class SourceChecks {
    static final String PRINCIPALS = "principals";
    static final String SERVICE_ACCOUNTS = "serviceAccounts";
    private static final Set<String> IDENTITY_FIELDS = Set.of(PRINCIPALS, "notPrincipals", "namespaces", "notNamespaces");
    private static final Set<String> ACCOUNT_FIELDS = Set.of(SERVICE_ACCOUNTS, "notServiceAccounts");
    private static final Set<String> REQUEST_FIELDS = Set.of("requestPrincipals", "notRequestPrincipals");
    private static final Set<String> ADDRESS_FIELDS = Set.of("ipBlocks", "notIpBlocks", "remoteIpBlocks", "notRemoteIpBlocks");
    private static final Map<String, Function<String, Optional<String>>> FIELDS = Map.ofEntries(
            Map.entry(PRINCIPALS, Identities::checkPrincipal), Map.entry("notPrincipals", Identities::checkPrincipal),
            Map.entry("requestPrincipals", ValueLists.WILDCARD_ONLY), Map.entry("notRequestPrincipals", ValueLists.WILDCARD_ONLY),
            Map.entry("namespaces", Identities::checkNamespace), Map.entry("notNamespaces", Identities::checkNamespace),
            Map.entry(SERVICE_ACCOUNTS, Identities::checkServiceAccount), Map.entry("notServiceAccounts", Identities::checkServiceAccount),
            Map.entry("ipBlocks", NetworkValues::checkIpOrCidr), Map.entry("notIpBlocks", NetworkValues::checkIpOrCidr),
            Map.entry("remoteIpBlocks", NetworkValues::checkIpOrCidr), Map.entry("notRemoteIpBlocks", NetworkValues::checkIpOrCidr));

    private SourceChecks() {
    }

    static void check(ObjectNode source, FieldPath path, Action action, PolicySettings settings, Findings findings) {
        if (FIELDS.keySet().stream().noneMatch(f -> Nodes.nonEmptyList(source, f))) {
            findings.error(path, "must set at least one field (principals, namespaces, serviceAccounts, ipBlocks, ...)");
        }
        if (anyNonEmpty(source, IDENTITY_FIELDS) && anyNonEmpty(source, ACCOUNT_FIELDS)) {
            findings.error(path, "serviceAccounts cannot be combined with principals or namespaces");
        }
        for (Map.Entry<String, JsonNode> field : source.properties()) {
            String name = field.getKey();
            FieldPath fieldPath = path.field(name);
            Function<String, Optional<String>> check = FIELDS.get(name);
            if (check == null) {
                findings.error(fieldPath, "unknown field \"" + name + "\"");
                continue;
            }
            if (action == Action.CUSTOM && !ADDRESS_FIELDS.contains(name) && Nodes.nonEmptyList(source, name)) {
                findings.error(fieldPath, "not supported with action CUSTOM");
            }
            if (ACCOUNT_FIELDS.contains(name) && field.getValue().isArray()
                    && field.getValue().size() > Identities.MAX_SERVICE_ACCOUNTS) {
                findings.error(fieldPath, "must have at most " + Identities.MAX_SERVICE_ACCOUNTS + " entries");
            }
            List<Nodes.Item> items = ValueLists.check(field.getValue(), fieldPath, findings, check);
            if (action == Action.DENY && PRINCIPALS.equals(name)) {
                warnForeignTrustDomains(items, settings, findings);
            }
        }
    }

    private static void warnForeignTrustDomains(List<Nodes.Item> principals, PolicySettings settings, Findings findings) {
        for (Nodes.Item principal : principals) {
            Identities.trustDomain(principal.value())
                    .filter(td -> Identities.checkPrincipal(principal.value()).isEmpty() && !td.equals(settings.trustDomain()))
                    .ifPresent(td -> findings.warn(principal.path(), "trust domain \"" + td
                            + "\" is not this mesh's trust domain \"" + settings.trustDomain()
                            + "\"; this DENY rule will not match workloads of this mesh"));
        }
    }

    /** Istio counts a source as TCP-capable when it names any peer identity or address. */
    static boolean namesTcpAttributes(ObjectNode source) {
        return FIELDS.keySet().stream().filter(f -> !REQUEST_FIELDS.contains(f)).anyMatch(f -> Nodes.nonEmptyList(source, f));
    }

    private static boolean anyNonEmpty(ObjectNode source, Set<String> fields) {
        return fields.stream().anyMatch(f -> Nodes.nonEmptyList(source, f));
    }
}
