package dev.bollard.webhook.policy;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code from[].source}: identities and addresses of the peer, as istiod checks them: bad
 * addresses, service accounts and trust domains are refused; serviceAccounts exclude principals and
 * namespaces (they are resolved differently); CUSTOM actions cannot see identities. Principals and
 * namespaces that can never match an Istio workload are legal in istiod and get a warning here.
 */
final class SourceChecks {
    static final String PRINCIPALS = "principals";
    static final String SERVICE_ACCOUNTS = "serviceAccounts";
    private static final Set<String> IDENTITY_FIELDS = Set.of(PRINCIPALS, "notPrincipals", "namespaces", "notNamespaces");
    private static final Set<String> ACCOUNT_FIELDS = Set.of(SERVICE_ACCOUNTS, "notServiceAccounts");
    private static final Set<String> REQUEST_FIELDS = Set.of("requestPrincipals", "notRequestPrincipals");
    private static final Set<String> ADDRESS_FIELDS = Set.of("ipBlocks", "notIpBlocks", "remoteIpBlocks", "notRemoteIpBlocks");
    static final String TRUST_DOMAINS = "trustDomains";
    private static final Set<String> TRUST_DOMAIN_FIELDS = Set.of(TRUST_DOMAINS, "notTrustDomains");
    static final ValueRule PRINCIPAL = ValueRule.advise(Identities::checkPrincipal);
    static final ValueRule NAMESPACE = ValueRule.advise(Identities::checkNamespace);
    static final ValueRule SERVICE_ACCOUNT = ValueRule.refuse(Identities::checkServiceAccount);
    static final ValueRule TRUST_DOMAIN = ValueRule.refuse(Identities::checkTrustDomain);
    static final ValueRule ADDRESS = ValueRule.refuse(NetworkValues::checkIpOrCidr);
    private static final Map<String, ValueRule> FIELDS = Map.ofEntries(
            Map.entry(PRINCIPALS, PRINCIPAL), Map.entry("notPrincipals", PRINCIPAL),
            Map.entry("requestPrincipals", ValueRule.LITERAL_STARS), Map.entry("notRequestPrincipals", ValueRule.LITERAL_STARS),
            Map.entry("namespaces", NAMESPACE), Map.entry("notNamespaces", NAMESPACE),
            Map.entry(SERVICE_ACCOUNTS, SERVICE_ACCOUNT), Map.entry("notServiceAccounts", SERVICE_ACCOUNT),
            // Istio 1.30: the peer's trust domain, matched on its own
            Map.entry(TRUST_DOMAINS, TRUST_DOMAIN), Map.entry("notTrustDomains", TRUST_DOMAIN),
            Map.entry("ipBlocks", ADDRESS), Map.entry("notIpBlocks", ADDRESS),
            Map.entry("remoteIpBlocks", ADDRESS), Map.entry("notRemoteIpBlocks", ADDRESS));

    private SourceChecks() {
    }

    static void check(ObjectNode source, FieldPath path, Action action, PolicySettings settings, Findings findings) {
        // a source holding only fields we do not know is reported as those fields, not as empty
        if (FIELDS.keySet().stream().noneMatch(f -> Nodes.nonEmptyList(source, f)) && Nodes.onlyFrom(source, FIELDS.keySet())) {
            findings.error(path, "must set at least one field (principals, namespaces, serviceAccounts, trustDomains, ipBlocks, ...)");
        }
        if (anyNonEmpty(source, IDENTITY_FIELDS) && anyNonEmpty(source, ACCOUNT_FIELDS)) {
            findings.error(path, "serviceAccounts cannot be combined with principals or namespaces");
        }
        for (Map.Entry<String, JsonNode> field : source.properties()) {
            String name = field.getKey();
            FieldPath fieldPath = path.field(name);
            ValueRule check = FIELDS.get(name);
            if (check == null) {
                findings.error(fieldPath, "unknown field \"" + name + "\"");
                continue;
            }
            if (action == Action.CUSTOM && !ADDRESS_FIELDS.contains(name) && Nodes.nonEmptyList(source, name)) {
                if (TRUST_DOMAIN_FIELDS.contains(name)) {
                    // istiod's CUSTOM list predates trust domains: they pass, but they are a peer identity like the rest
                    findings.warn(fieldPath, "accepted with action CUSTOM, though istiod refuses the other peer identity "
                            + "fields (principals, namespaces, serviceAccounts) there; Istio before 1.30 does not know trustDomains at all");
                } else {
                    findings.error(fieldPath, "not supported with action CUSTOM");
                }
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

    /** Every field of a source this validator knows; the CRD we ship must declare the same. */
    static Set<String> fields() {
        return FIELDS.keySet();
    }

    /** Istio counts a source as TCP-capable when it names any peer identity or address. */
    static boolean namesTcpAttributes(ObjectNode source) {
        return FIELDS.keySet().stream().filter(f -> !REQUEST_FIELDS.contains(f)).anyMatch(f -> Nodes.nonEmptyList(source, f));
    }

    private static boolean anyNonEmpty(ObjectNode source, Set<String> fields) {
        return fields.stream().anyMatch(f -> Nodes.nonEmptyList(source, f));
    }
}
