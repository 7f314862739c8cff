package dev.bollard.webhook.policy;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The pure validation core shared by the webhook and {@code bollard validate}: a policy in,
 * every violation and warning out, in document order. No CDI, no I/O.
 */
public final class PolicyValidator {
    private static final Set<String> ROOT_FIELDS = Set.of("apiVersion", "kind", "metadata", "spec", "status");

    private final PeerAuthenticationValidator peerAuthentication;
    private final AuthorizationPolicyValidator authorizationPolicy;

    public PolicyValidator(PolicySettings settings) {
        this.peerAuthentication = new PeerAuthenticationValidator(settings);
        this.authorizationPolicy = new AuthorizationPolicyValidator(settings);
    }

    /** Every violation of {@code doc}; empty when it is valid. */
    public List<Violation> validate(PolicyDocument doc) {
        return report(doc).violations();
    }

    public PolicyReport report(PolicyDocument doc) {
        JsonNode object = doc.object();
        Findings findings = new Findings(object);
        object.properties().stream().map(java.util.Map.Entry::getKey).filter(name -> !ROOT_FIELDS.contains(name))
                .forEach(name -> findings.error(FieldPath.ROOT.field(name), "unknown field \"" + name + "\""));
        DryRunAnnotation.check(doc, findings);
        InternalAnnotations.check(doc, findings);
        // a policy without spec is legal: an empty PeerAuthentication inherits, an empty ALLOW policy denies all
        Nodes.object(object.get("spec"), FieldPath.SPEC, findings).ifPresent(spec -> {
            switch (doc.kind()) {
                case PEER_AUTHENTICATION -> peerAuthentication.validate(doc, spec, findings);
                case AUTHORIZATION_POLICY -> authorizationPolicy.validate(spec, findings);
            }
        });
        return new PolicyReport(doc, findings.errors(), findings.warnings());
    }
}
