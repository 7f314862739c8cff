package dev.bollard.webhook.policy;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The {@code internal.istio.io/*} annotations istiod's validation refuses on every Istio object
 * ({@code validateMetadata}): the one that exists to test the webhook, and the two that name the
 * Gateway API parents of a generated object, which would let a user borrow another namespace's
 * privileges. Other {@code internal.istio.io/*} annotations pass, as they do in istiod.
 */
final class InternalAnnotations {
    private static final Map<String, String> REFUSED = Map.of(
            "internal.istio.io/webhook-always-reject", "annotation found, rejecting (it exists to test the webhook)",
            "internal.istio.io/parents", "annotation found: it is set by the control plane on generated objects and may not be set by users",
            "internal.istio.io/parent-namespace", "annotation found: it is set by the control plane on generated objects and may not be set by users");

    private InternalAnnotations() {
    }

    static void check(PolicyDocument doc, Findings findings) {
        JsonNode annotations = doc.object().path("metadata").path("annotations");
        if (!annotations.isObject()) {
            return;
        }
        FieldPath path = FieldPath.ROOT.field("metadata").field("annotations");
        for (Map.Entry<String, JsonNode> annotation : annotations.properties()) {
            String reason = REFUSED.get(annotation.getKey());
            if (reason != null) {
                findings.error(path.key(annotation.getKey()), reason);
            }
        }
    }
}
