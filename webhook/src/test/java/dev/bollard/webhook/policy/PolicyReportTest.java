package dev.bollard.webhook.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class PolicyReportTest {
    private static JsonNode yaml(String text) throws Exception {
        return Manifests.read(new StringReader(text)).get(0);
    }

    private static final String PORT_ZERO = """
            apiVersion: security.istio.io/v1
            kind: PeerAuthentication
            metadata: {name: default, namespace: prod}
            spec:
              mtls: {mode: STRIKT}
              portLevelMtls:
                "0": {mode: DISABLE}
            """;

    @Test
    void denyMessageNamesThePolicyAndListsEveryViolation() throws Exception {
        PolicyDocument doc = PolicyDocument.of(yaml(PORT_ZERO), null, null).orElseThrow();
        PolicyReport report = new PolicyValidator(PolicySettings.DEFAULTS).report(doc);
        assertEquals("PeerAuthentication prod/default is invalid: "
                + "spec.mtls.mode: unsupported value \"STRIKT\"; must be one of UNSET, DISABLE, PERMISSIVE, STRICT; "
                + "spec.portLevelMtls: requires a selector with non-empty matchLabels "
                + "(a mesh-wide or namespace-wide PeerAuthentication cannot have port level mTLS); "
                + "spec.portLevelMtls[0]: port must not be 0", report.denyMessage());
    }

    @Test
    void warningsInAnAdmissionAnswerAreBoundedLikeTheDenyMessage() throws Exception {
        String methods = "[" + "\"get\", ".repeat(1000) + "\"get\"]";
        PolicyDocument doc = PolicyDocument.of(yaml("""
                apiVersion: security.istio.io/v1
                kind: AuthorizationPolicy
                metadata: {name: generated, namespace: prod}
                spec:
                  rules:
                  - to: [{operation: {methods: %s}}]
                """.formatted(methods)), null, null).orElseThrow();
        PolicyReport report = new PolicyValidator(PolicySettings.DEFAULTS).report(doc);
        assertTrue(report.valid(), "lower-case methods are legal in istiod");
        assertEquals(1001, report.warnings().size());
        List<String> answer = report.warningMessages();
        assertEquals(PolicyReport.MAX_LISTED + 1, answer.size());
        assertEquals("and 901 more warnings (bollard validate -f lists them all)", answer.get(answer.size() - 1));
    }

    @Test
    void rootNamespaceComesFromSettings() throws Exception {
        JsonNode object = yaml("""
                apiVersion: security.istio.io/v1
                kind: PeerAuthentication
                metadata: {name: web, namespace: mesh-root}
                spec:
                  selector: {matchLabels: {app: web}}
                """);
        PolicyDocument doc = PolicyDocument.of(object, null, null).orElseThrow();
        assertTrue(new PolicyValidator(PolicySettings.DEFAULTS).report(doc).warnings().isEmpty());
        PolicyReport rooted = new PolicyValidator(new PolicySettings("mesh-root", "cluster.local")).report(doc);
        assertTrue(rooted.violations().isEmpty(), "istiod accepts it: " + rooted.violations());
        assertEquals(List.of("spec.selector"), rooted.warnings().stream().map(Violation::path).toList());
        assertTrue(rooted.warnings().get(0).message().contains("root namespace mesh-root and then ignores the policy"),
                rooted.warnings().toString());
    }

    @Test
    void warnsOnlyForDenyPrincipalsOutsideOurTrustDomain() throws Exception {
        JsonNode object = yaml("""
                apiVersion: security.istio.io/v1
                kind: AuthorizationPolicy
                metadata: {name: deny, namespace: prod}
                spec:
                  action: DENY
                  rules:
                  - from:
                    - source: {principals: ["corp.example/ns/prod/sa/batch"]}
                """);
        PolicyDocument doc = PolicyDocument.of(object, null, null).orElseThrow();
        assertTrue(new PolicyValidator(new PolicySettings("istio-system", "corp.example")).report(doc).warnings().isEmpty());
        assertTrue(new PolicyValidator(PolicySettings.DEFAULTS).report(doc).warningMessages().get(0)
                .contains("trust domain \"corp.example\" is not this mesh's trust domain \"cluster.local\""));
    }

    @Test
    void namespaceAndNameFallBackToTheRequest() throws Exception {
        JsonNode object = yaml("""
                apiVersion: security.istio.io/v1beta1
                kind: AuthorizationPolicy
                metadata: {generateName: deny-}
                spec: {action: DENY}
                """);
        PolicyDocument doc = PolicyDocument.of(object, "team-a", null).orElseThrow();
        assertEquals("AuthorizationPolicy team-a/deny-*", doc.describe());
    }

    @Test
    void unknownTopLevelFieldsAreNamed() throws Exception {
        JsonNode object = yaml("""
                apiVersion: security.istio.io/v1
                kind: PeerAuthentication
                metadata: {name: default, namespace: prod}
                specs: {mtls: {mode: STRICT}}
                """);
        PolicyDocument doc = PolicyDocument.of(object, null, null).orElseThrow();
        assertEquals(List.of(new Violation("specs", "unknown field \"specs\"")),
                new PolicyValidator(PolicySettings.DEFAULTS).validate(doc));
    }
}
