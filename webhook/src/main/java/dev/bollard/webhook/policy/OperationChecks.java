package dev.bollard.webhook.policy;

import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code to[].operation}: hosts, ports, methods and paths, each with its negated twin. istiod
 * refuses bad ports and malformed path templates; hosts, methods and plain paths get advice.
 */
final class OperationChecks {
    static final Set<String> PORT_FIELDS = Set.of("ports", "notPorts");
    private static final ValueRule PORT = ValueRule.refuse(NetworkValues::checkPort);
    private static final ValueRule METHOD = ValueRule.advise(HttpValues::checkMethod);
    private static final ValueRule PATH = new ValueRule(HttpValues::refusePath, HttpValues::advisePath);
    private static final Map<String, ValueRule> FIELDS = Map.of(
            "hosts", ValueRule.LITERAL_STARS, "notHosts", ValueRule.LITERAL_STARS,
            "ports", PORT, "notPorts", PORT,
            "methods", METHOD, "notMethods", METHOD,
            "paths", PATH, "notPaths", PATH);

    private OperationChecks() {
    }

    static void check(ObjectNode operation, FieldPath path, Findings findings) {
        // an operation holding only fields we do not know is reported as those fields, not as empty
        if (FIELDS.keySet().stream().noneMatch(f -> Nodes.nonEmptyList(operation, f)) && Nodes.onlyFrom(operation, FIELDS.keySet())) {
            findings.error(path, "must set at least one of hosts, ports, methods, paths or their not- forms");
        }
        for (Map.Entry<String, JsonNode> field : operation.properties()) {
            ValueRule check = FIELDS.get(field.getKey());
            if (check == null) {
                findings.error(path.field(field.getKey()), "unknown field \"" + field.getKey() + "\"");
            } else {
                ValueLists.check(field.getValue(), path.field(field.getKey()), findings, check);
            }
        }
    }

    /** Istio's notion of a rule that also speaks TCP: it names ports. */
    static boolean namesPorts(ObjectNode operation) {
        return PORT_FIELDS.stream().anyMatch(f -> Nodes.nonEmptyList(operation, f));
    }
}
