package dev.bollard.webhook.policy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * PeerAuthentication rules, after istiod's {@code ValidatePeerAuthentication} and the CRD schema:
 * mode enum, port-level mTLS only for a labelled selector, ports 1..65535, selector hygiene, no
 * unknown fields. A selector in the root namespace is legal in istiod, which then applies the
 * policy to no workload at all: that is a warning, not a refusal.
 */
final class PeerAuthenticationValidator {
    static final String MTLS = "mtls";
    static final String PORT_LEVEL_MTLS = "portLevelMtls";
    static final String MODE = "mode";
    static final String DISABLE = "DISABLE";
    static final List<String> MODES = List.of("UNSET", DISABLE, "PERMISSIVE", "STRICT");
    private static final Set<String> SPEC_FIELDS = Set.of(MTLS, PORT_LEVEL_MTLS, WorkloadSelectors.SELECTOR);

    private final PolicySettings settings;

    PeerAuthenticationValidator(PolicySettings settings) {
        this.settings = settings;
    }

    void validate(PolicyDocument doc, ObjectNode spec, Findings findings) {
        FieldPath path = FieldPath.SPEC;
        boolean meshWide = settings.rootNamespace().equals(doc.namespace());
        for (Map.Entry<String, JsonNode> field : spec.properties()) {
            FieldPath fieldPath = path.field(field.getKey());
            switch (field.getKey()) {
                case MTLS -> checkMtls(field.getValue(), fieldPath, findings).ifPresent(mode -> {
                    if (DISABLE.equals(mode) && !WorkloadSelectors.hasLabels(spec)) {
                        findings.warn(fieldPath.field(MODE), meshWide
                                ? "DISABLE in the mesh-wide policy turns off mutual TLS for every workload in the mesh"
                                : "DISABLE in a namespace-wide policy turns off mutual TLS for every workload in namespace " + doc.namespace());
                    }
                });
                case PORT_LEVEL_MTLS -> checkPortLevel(spec, field.getValue(), fieldPath, findings);
                case WorkloadSelectors.SELECTOR -> {
                    // an empty selector still selects everything, which is what mesh-wide means
                    if (meshWide && WorkloadSelectors.hasLabels(spec)) {
                        findings.warn(fieldPath, "istiod accepts a selector on a PeerAuthentication in root namespace "
                                + settings.rootNamespace() + " and then ignores the policy: it applies to no workload, "
                                + "not even to the selected pods; remove the selector for a mesh-wide policy, "
                                + "or move the policy to the workloads' namespace");
                    }
                    WorkloadSelectors.check(field.getValue(), fieldPath, findings);
                }
                default -> findings.error(fieldPath, "unknown field \"" + field.getKey() + "\"");
            }
        }
    }

    /** Checks an {@code mtls} object; returns its mode when it is a valid one. */
    private static Optional<String> checkMtls(JsonNode node, FieldPath path, Findings findings) {
        return Nodes.object(node, path, findings).flatMap(mtls -> {
            Nodes.onlyKnown(mtls, path, Set.of(MODE), findings);
            FieldPath modePath = path.field(MODE);
            return Nodes.string(mtls.get(MODE), modePath, findings).filter(mode -> {
                if (MODES.contains(mode)) {
                    return true;
                }
                findings.error(modePath, "unsupported value \"" + mode + "\"; must be one of " + String.join(", ", MODES));
                return false;
            });
        });
    }

    private static void checkPortLevel(ObjectNode spec, JsonNode node, FieldPath path, Findings findings) {
        Nodes.object(node, path, findings).ifPresent(ports -> {
            if (!WorkloadSelectors.hasLabels(spec)) {
                findings.error(path, "requires a selector with non-empty matchLabels "
                        + "(a mesh-wide or namespace-wide PeerAuthentication cannot have port level mTLS)");
            }
            if (ports.isEmpty()) {
                findings.error(path, "must have at least one port when set");
            }
            for (Map.Entry<String, JsonNode> port : ports.properties()) {
                FieldPath portPath = path.key(port.getKey());
                checkPortKey(port.getKey(), portPath, findings);
                if (Nodes.absent(port.getValue())) {
                    findings.error(portPath, "must be an object with a mode");
                } else {
                    checkMtls(port.getValue(), portPath, findings);
                }
            }
        });
    }

    /** A map key istiod reads as a uint32 (leading zeros allowed), then wants in 1..65535. */
    private static void checkPortKey(String key, FieldPath path, Findings findings) {
        Optional<Integer> port = NetworkValues.portNumber(key);
        if (port.isEmpty() && !NetworkValues.isDigits(key)) {
            findings.error(path, "port must be a number in 1.." + NetworkValues.MAX_PORT);
        } else if (port.isPresent() && port.get() == 0) {
            findings.error(path, "port must not be 0");
        } else if (port.isEmpty()) {
            findings.error(path, "port must be in range 1.." + NetworkValues.MAX_PORT);
        }
    }
}
