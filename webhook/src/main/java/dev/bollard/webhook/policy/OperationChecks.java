package dev.bollard.webhook.policy;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code to[].operation}: hosts, ports, methods and paths, each with its negated twin. */
final class OperationChecks {
    static final Set<String> PORT_FIELDS = Set.of("ports", "notPorts");
    private static final Map<String, Function<String, Optional<String>>> FIELDS = Map.of(
            "hosts", ValueLists.WILDCARD_ONLY, "notHosts", ValueLists.WILDCARD_ONLY,
            "ports", NetworkValues::checkPort, "notPorts", NetworkValues::checkPort,
            "methods", HttpValues::checkMethod, "notMethods", HttpValues::checkMethod,
            "paths", HttpValues::checkPath, "notPaths", HttpValues::checkPath);

    private OperationChecks() {
    }

    static void check(ObjectNode operation, FieldPath path, Findings findings) {
        if (FIELDS.keySet().stream().noneMatch(f -> Nodes.nonEmptyList(operation, f))) {
            findings.error(path, "must set at least one of hosts, ports, methods, paths or their not- forms");
        }
        for (Map.Entry<String, JsonNode> field : operation.properties()) {
            Function<String, Optional<String>> check = FIELDS.get(field.getKey());
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
