package dev.bollard.webhook.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;

/**
 * The policy CRDs and the ValidatingWebhookConfiguration in manifests/, parsed with the fabric8
 * models. Strict: a round trip through the model must give back the file, so a misspelt key
 * (which the model would drop or park aside) fails here rather than in a cluster.
 */
class PolicyManifestsTest {
    private static final ObjectMapper YAML = new YAMLMapper();
    private static final Path MANIFESTS = Path.of(System.getProperty("bollard.repo.root", ".."), "manifests");

    private static <T> T strict(Path file, Class<T> type) throws IOException {
        JsonNode tree = YAML.readTree(file.toFile());
        T model = YAML.treeToValue(tree, type);
        // through text, so numbers compare by value (the model holds Long where the file has small ints)
        JsonNode back = YAML.readTree(YAML.writeValueAsString(model));
        assertEquals(YAML.createArrayNode(), io.fabric8.zjsonpatch.JsonDiff.asJson(tree, back),
                file + " does not round-trip through " + type.getSimpleName() + " (patch from file to model shown)");
        return model;
    }

    private static CustomResourceDefinition crd(PolicyKind kind) throws IOException {
        return strict(MANIFESTS.resolve("crds/security.istio.io_" + kind.plural() + ".yaml"), CustomResourceDefinition.class);
    }

    @ParameterizedTest
    @EnumSource(PolicyKind.class)
    void crdServesV1AndV1beta1AndStoresV1(PolicyKind kind) throws IOException {
        CustomResourceDefinition crd = crd(kind);
        assertEquals(kind.plural() + "." + PolicyKind.GROUP, crd.getMetadata().getName());
        assertEquals(PolicyKind.GROUP, crd.getSpec().getGroup());
        assertEquals("Namespaced", crd.getSpec().getScope());
        assertEquals(kind.kind(), crd.getSpec().getNames().getKind());
        // keys the model does not know survive a round trip in additionalProperties: none allowed
        assertTrue(crd.getAdditionalProperties().isEmpty() && crd.getSpec().getAdditionalProperties().isEmpty()
                && crd.getMetadata().getAdditionalProperties().isEmpty()
                && crd.getSpec().getNames().getAdditionalProperties().isEmpty(), "unknown keys in " + kind.plural());
        crd.getSpec().getVersions().forEach(v -> assertTrue(v.getAdditionalProperties().isEmpty()
                && v.getSchema().getAdditionalProperties().isEmpty()
                && v.getSubresources().getAdditionalProperties().isEmpty(), "unknown keys in version " + v.getName()));
        Map<String, CustomResourceDefinitionVersion> versions = new java.util.TreeMap<>();
        crd.getSpec().getVersions().forEach(v -> versions.put(v.getName(), v));
        assertEquals(PolicyKind.VERSIONS, versions.keySet());
        assertTrue(versions.get("v1").getServed() && versions.get("v1").getStorage());
        assertTrue(versions.get("v1beta1").getServed());
        assertFalse(versions.get("v1beta1").getStorage());
        assertEquals(YAML.valueToTree(versions.get("v1").getSchema()), YAML.valueToTree(versions.get("v1beta1").getSchema()),
                "both versions carry the same schema");
    }

    @ParameterizedTest
    @EnumSource(PolicyKind.class)
    void schemaIsStructuralAndCarriesTheSelectorCelRules(PolicyKind kind) throws IOException {
        for (CustomResourceDefinitionVersion version : crd(kind).getSpec().getVersions()) {
            JSONSchemaProps root = version.getSchema().getOpenAPIV3Schema();
            List<String> untyped = new ArrayList<>();
            walk(root, "", untyped);
            assertTrue(untyped.isEmpty(), "every schema node needs a type: " + untyped);
            JSONSchemaProps spec = root.getProperties().get("spec");
            JSONSchemaProps labels = spec.getProperties().get("selector").getProperties().get("matchLabels");
            assertEquals(List.of("self.all(key, !key.contains(\"*\"))", "self.all(key, key.size() != 0)"),
                    labels.getXKubernetesValidations().stream().map(r -> r.getRule()).toList());
            assertEquals("!self.contains(\"*\")", labels.getAdditionalProperties().getSchema()
                    .getXKubernetesValidations().get(0).getRule());
            assertNotNull(spec.getXKubernetesValidations(), "spec-level CEL rule");
            String rule = spec.getXKubernetesValidations().get(0).getRule();
            assertTrue(kind == PolicyKind.PEER_AUTHENTICATION ? rule.contains("self.selector.matchLabels")
                    : rule.contains("has(self.targetRefs)"), rule);
        }
    }

    @Test
    void authorizationPolicySourcesDeclareTheFieldsTheValidatorKnows() throws IOException {
        for (CustomResourceDefinitionVersion version : crd(PolicyKind.AUTHORIZATION_POLICY).getSpec().getVersions()) {
            JSONSchemaProps source = version.getSchema().getOpenAPIV3Schema().getProperties().get("spec").getProperties()
                    .get("rules").getItems().getSchema().getProperties().get("from").getItems().getSchema()
                    .getProperties().get("source");
            // a field the schema lacks is pruned by the API server before the webhook sees it (Istio 1.30: trustDomains)
            assertEquals(new java.util.TreeSet<>(SourceChecks.fields()), new java.util.TreeSet<>(source.getProperties().keySet()),
                    "source fields of " + version.getName());
        }
    }

    /** Collects paths of schema nodes without a type (structural schemas require one). */
    private static void walk(JSONSchemaProps node, String path, List<String> untyped) {
        if (node.getType() == null && !Boolean.TRUE.equals(node.getXKubernetesIntOrString())) {
            untyped.add(path.isEmpty() ? "<root>" : path);
        }
        if (node.getProperties() != null) {
            node.getProperties().forEach((name, child) -> walk(child, path + "." + name, untyped));
        }
        if (node.getItems() != null && node.getItems().getSchema() != null) {
            walk(node.getItems().getSchema(), path + "[]", untyped);
        }
        if (node.getAdditionalProperties() != null && node.getAdditionalProperties().getSchema() != null) {
            walk(node.getAdditionalProperties().getSchema(), path + "{}", untyped);
        }
    }

    @Test
    void webhookSendsPolicyWritesToValidate() throws IOException {
        ValidatingWebhookConfiguration config = strict(MANIFESTS.resolve("validating-webhook.yaml"), ValidatingWebhookConfiguration.class);
        assertEquals("bollard-policy-validator", config.getMetadata().getName());
        assertFalse(config.getWebhooks().isEmpty());
        for (ValidatingWebhook webhook : config.getWebhooks()) {
            assertTrue(config.getAdditionalProperties().isEmpty() && webhook.getAdditionalProperties().isEmpty()
                    && webhook.getClientConfig().getAdditionalProperties().isEmpty()
                    && webhook.getRules().get(0).getAdditionalProperties().isEmpty(), "unknown keys in the webhook configuration");
            assertEquals("None", webhook.getSideEffects());
            // which entries fail closed, and where, is ManifestsTest's (it evaluates the selectors)
            assertTrue(List.of("Fail", "Ignore").contains(webhook.getFailurePolicy()));
            assertTrue(webhook.getTimeoutSeconds() <= 10);
            assertEquals(List.of("v1"), webhook.getAdmissionReviewVersions());
            assertEquals("bollard", webhook.getClientConfig().getService().getName());
            assertEquals("bollard-system", webhook.getClientConfig().getService().getNamespace());
            assertEquals("/validate", webhook.getClientConfig().getService().getPath());
            assertEquals(443, webhook.getClientConfig().getService().getPort());
            RuleWithOperations rule = webhook.getRules().get(0);
            assertEquals(List.of("CREATE", "UPDATE"), rule.getOperations());
            assertEquals(List.of(PolicyKind.GROUP), rule.getApiGroups());
            assertEquals(List.of("v1", "v1beta1"), rule.getApiVersions());
            assertEquals(List.of(PolicyKind.PEER_AUTHENTICATION.plural(), PolicyKind.AUTHORIZATION_POLICY.plural()), rule.getResources());
        }
    }
}
