package dev.bollard.webhook.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * The schemas of the CRDs we ship (manifests/crds, bundled on the classpath under {@code crds/}
 * by the webhook's build, so there is one source), per kind and served version.
 */
final class CrdSchemas {
    static final String RESOURCE_DIR = "crds/";
    private static final YAMLMapper YAML = new YAMLMapper();

    private final Map<PolicyKind, Map<String, CrdSchemaCheck>> checks;

    private CrdSchemas(Map<PolicyKind, Map<String, CrdSchemaCheck>> checks) {
        this.checks = checks;
    }

    /** The file name of a kind's CRD, in manifests/crds and on the classpath. */
    static String fileName(PolicyKind kind) {
        return PolicyKind.GROUP + "_" + kind.plural() + ".yaml";
    }

    /** Reads the bundled CRDs; a missing one is a packaging bug, not a user error. */
    static CrdSchemas bundled() {
        Map<PolicyKind, Map<String, CrdSchemaCheck>> checks = new EnumMap<>(PolicyKind.class);
        for (PolicyKind kind : PolicyKind.values()) {
            String resource = RESOURCE_DIR + fileName(kind);
            try (InputStream in = CrdSchemas.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("CRD " + resource + " is not on the classpath");
                }
                checks.put(kind, versions(YAML.readTree(in)));
            } catch (IOException e) {
                throw new UncheckedIOException("read bundled CRD " + resource, e);
            }
        }
        return new CrdSchemas(checks);
    }

    private static Map<String, CrdSchemaCheck> versions(JsonNode crd) {
        Map<String, CrdSchemaCheck> versions = new HashMap<>();
        for (JsonNode version : crd.path("spec").path("versions")) {
            JsonNode schema = version.path("schema").path("openAPIV3Schema");
            if (version.path("served").asBoolean(false) && schema.isObject()) {
                versions.put(version.path("name").asText(), new CrdSchemaCheck(schema));
            }
        }
        return versions;
    }

    /** The check for a document's kind and the version of its apiVersion, when that version is served. */
    Optional<CrdSchemaCheck> forDocument(PolicyDocument doc) {
        String apiVersion = doc.object().path("apiVersion").asText("");
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        return Optional.ofNullable(checks.getOrDefault(doc.kind(), Map.of()).get(version));
    }
}
