package dev.bollard.webhook.policy;

import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One entry of {@code spec.rules}: {@code from} (sources), {@code to} (operations) and
 * {@code when} (conditions), each entry non-empty, as istiod's {@code ValidateAuthorizationPolicy}.
 */
final class RuleChecks {
    static final String FROM = "from";
    static final String TO = "to";
    static final String WHEN = "when";
    static final String SOURCE = "source";
    static final String OPERATION = "operation";

    private final Action action;
    private final PolicySettings settings;
    private final Findings findings;

    RuleChecks(Action action, PolicySettings settings, Findings findings) {
        this.action = action;
        this.settings = settings;
        this.findings = findings;
    }

    void check(JsonNode node, FieldPath path) {
        if (node.isNull()) {
            findings.error(path, "must not be null");
            return;
        }
        Nodes.object(node, path, findings).ifPresent(rule -> {
            Presence from = Presence.NONE;
            Presence to = Presence.NONE;
            for (Map.Entry<String, JsonNode> field : rule.properties()) {
                FieldPath fieldPath = path.field(field.getKey());
                switch (field.getKey()) {
                    case FROM -> from = entries(field.getValue(), fieldPath, SOURCE, this::source);
                    case TO -> to = entries(field.getValue(), fieldPath, OPERATION, this::operation);
                    case WHEN -> conditions(field.getValue(), fieldPath);
                    default -> findings.error(fieldPath, "unknown field \"" + field.getKey() + "\"");
                }
            }
            // istiod's advice: a DENY rule without TCP attributes (ports, peer identities) matches every TCP connection
            boolean httpOnly = from.exists() && !to.exists() && !from.tcp() || to.exists() && !to.tcp();
            if (action == Action.DENY && httpOnly) {
                findings.warn(path, "this DENY rule uses only HTTP attributes, so it denies all traffic to TCP ports "
                        + "under its scope; it is recommended to explicitly specify the port");
            }
        });
    }

    /** Checks one source or operation; returns true when it names TCP-level attributes. */
    private interface Part {
        boolean check(ObjectNode value, FieldPath path);
    }

    /** Whether a from/to list has a source/operation, and whether any of them names TCP attributes. */
    private record Presence(boolean exists, boolean tcp) {
        static final Presence NONE = new Presence(false, false);
    }

    private Presence entries(JsonNode node, FieldPath path, String inner, Part part) {
        ArrayNode list = Nodes.list(node, path, findings).orElse(null);
        if (list == null) {
            return Presence.NONE;
        }
        if (list.isEmpty()) {
            findings.error(path, "must not be empty when set; remove it to match any " + inner);
        }
        boolean exists = false;
        boolean tcp = false;
        for (int i = 0; i < list.size(); i++) {
            FieldPath entryPath = path.index(i);
            JsonNode entry = list.get(i);
            if (entry.isNull()) {
                findings.error(entryPath, "must not be null");
                continue;
            }
            ObjectNode object = Nodes.object(entry, entryPath, findings).orElse(null);
            if (object == null) {
                continue;
            }
            Nodes.onlyKnown(object, entryPath, Set.of(inner), findings);
            FieldPath innerPath = entryPath.field(inner);
            if (Nodes.absent(object.get(inner))) {
                findings.error(innerPath, "required");
                continue;
            }
            ObjectNode value = Nodes.object(object.get(inner), innerPath, findings).orElse(null);
            if (value != null) {
                exists = true;
                tcp |= part.check(value, innerPath);
            }
        }
        return new Presence(exists, tcp);
    }

    private boolean source(ObjectNode source, FieldPath path) {
        SourceChecks.check(source, path, action, settings, findings);
        return SourceChecks.namesTcpAttributes(source);
    }

    private boolean operation(ObjectNode operation, FieldPath path) {
        OperationChecks.check(operation, path, findings);
        return OperationChecks.namesPorts(operation);
    }

    private void conditions(JsonNode node, FieldPath path) {
        Nodes.list(node, path, findings).ifPresent(list -> {
            if (list.isEmpty()) {
                findings.error(path, "must not be empty when set; remove it to match without conditions");
            }
            ConditionChecks checks = new ConditionChecks(action, findings);
            for (int i = 0; i < list.size(); i++) {
                FieldPath entryPath = path.index(i);
                if (list.get(i).isNull()) {
                    findings.error(entryPath, "must not be null");
                } else {
                    Nodes.object(list.get(i), entryPath, findings).ifPresent(c -> checks.check(c, entryPath));
                }
            }
        });
    }
}
