package dev.bollard.webhook.policy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * PeerAuthentication rules, after istiod's {@code ValidatePeerAuthentication} and the CRD schema:
 * mode enum, port-level mTLS only for a labelled selector, ports 1..65535, selector hygiene, a
 * mesh-wide (root namespace) policy without selector, no unknown fields.
 */
final class PeerAuthenticationValidator {
    static final String MTLS = "mtls";
    static final String PORT_LEVEL_MTLS = "portLevelMtls";
    static final String MODE = "mode";
    static final String DISABLE = "DISABLE";
    static final List<String> MODES = List.of("UNSET", DISABLE, "PERMISSIVE", "STRICT");
    private static final Set<String> SPEC_FIELDS = Set.of(MTLS, PORT_LEVEL_MTLS, WorkloadSelectors.SELECTOR);
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,10}");

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
                        findings.error(fieldPath, "a mesh-wide PeerAuthentication in root namespace "
                                + settings.rootNamespace() + " must not have a selector");
                    }
                    WorkloadSelectors.check(field.getValue(), fieldPath, findings);
                }
                default -> findings.error(fieldPath, "unknown field \"" + field.getKey() + "\"");
            }
        }
    }

    /** Checks an {@code mtls} object; returns its mode when it is a valid one. */
    private static java.util.Optional<String> checkMtls(JsonNode node, FieldPath path, Findings findings) {
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

    private static void checkPortKey(String key, FieldPath path, Findings findings) {
        if (!DIGITS.matcher(key).matches()) {
            findings.error(path, "port must be a number in 1.." + NetworkValues.MAX_PORT);
        } else if (Long.parseLong(key) == 0) {
            findings.error(path, "port must not be 0");
        } else if (Long.parseLong(key) > NetworkValues.MAX_PORT) {
            findings.error(path, "port must be in range 1.." + NetworkValues.MAX_PORT);
        }
    }
}
