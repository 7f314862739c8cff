package dev.bollard.webhook.policy;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code targetRef}/{@code targetRefs} of an AuthorizationPolicy: a same-namespace Service, ServiceEntry or Gateway. */
final class TargetRefs {
    static final String TARGET_REF = "targetRef";
    static final String TARGET_REFS = "targetRefs";
    static final int MAX_TARGET_REFS = 16;
    private static final Set<String> FIELDS = Set.of("group", "kind", "name", "namespace");

    /** A kind a policy may attach to, with its canonical API group ("" is core). */
    private record Target(String group, String kind) {
    }

    private static final List<Target> ALLOWED = List.of(new Target("", "Service"),
            new Target("networking.istio.io", "ServiceEntry"),
            new Target("gateway.networking.k8s.io", "Gateway"),
            new Target("gateway.networking.k8s.io", "GatewayClass"));

    private TargetRefs() {
    }

    static void checkList(JsonNode node, FieldPath path, Findings findings) {
        Nodes.list(node, path, findings).ifPresent(refs -> {
            if (refs.size() > MAX_TARGET_REFS) {
                findings.error(path, "must have at most " + MAX_TARGET_REFS + " entries");
            }
            for (int i = 0; i < refs.size(); i++) {
                check(refs.get(i), path.index(i), findings);
            }
        });
    }

    static void check(JsonNode node, FieldPath path, Findings findings) {
        if (node != null && node.isNull()) {
            findings.error(path, "must not be null");
            return;
        }
        Nodes.object(node, path, findings).ifPresent(ref -> {
            Nodes.onlyKnown(ref, path, FIELDS, findings);
            String group = Nodes.string(ref.get("group"), path.field("group"), findings).orElse("");
            String kind = Nodes.string(ref.get("kind"), path.field("kind"), findings).orElse("");
            String name = Nodes.string(ref.get("name"), path.field("name"), findings).orElse("");
            String namespace = Nodes.string(ref.get("namespace"), path.field("namespace"), findings).orElse("");
            if (name.isEmpty()) {
                findings.error(path.field("name"), "required");
            }
            if (!namespace.isEmpty()) {
                findings.error(path.field("namespace"), "must not be set; cross namespace referencing is not supported");
            }
            String canonical = "core".equals(group) ? "" : group;
            if (!ALLOWED.contains(new Target(canonical, kind))) {
                findings.error(path, "must refer to a Service, networking.istio.io ServiceEntry or gateway.networking.k8s.io "
                        + "Gateway/GatewayClass, found " + (group.isEmpty() ? "core" : group) + "/" + kind);
            }
        });
    }
}
