package dev.bollard.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.bollard.identity.AtomicFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The Kubernetes objects a mesh test feeds the control plane: the Pod a sidecar serves (also the
 * body sent to /inject) and PeerAuthentication, written as the multi-document YAML that
 * {@code bollard dev} reads from {@code $BOLLARD_DEV_DIR/mesh/}.
 */
final class MeshFiles {
    static final String TLS_MODE_LABEL = "security.istio.io/tlsMode";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    private MeshFiles() {
    }

    /** A Pod with one app container on {@code ports}; {@code ip} fills status.podIP, null leaves status out. */
    static ObjectNode pod(String namespace, String name, String serviceAccount, String ip, int... ports) {
        ObjectNode pod = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Pod");
        ObjectNode metadata = pod.putObject("metadata").put("name", name).put("namespace", namespace)
                .put("creationTimestamp", "2026-01-01T00:00:00Z");
        metadata.putObject("labels").put("app", name).put(TLS_MODE_LABEL, "istio");
        ObjectNode spec = pod.putObject("spec").put("serviceAccountName", serviceAccount);
        ObjectNode container = spec.putArray("containers").addObject().put("name", "app").put("image", "mesh-app");
        for (int port : ports) {
            container.withArray("ports").addObject().put("containerPort", port).put("protocol", "TCP");
        }
        if (ip != null) {
            pod.putObject("status").put("phase", "Running").put("podIP", ip).putArray("podIPs").addObject().put("ip", ip);
        }
        return pod;
    }

    /** A namespace-wide PeerAuthentication (no selector) with {@code mode}. */
    static ObjectNode namespacePolicy(String namespace, String name, String mode) {
        ObjectNode policy = JSON.createObjectNode().put("apiVersion", "security.istio.io/v1").put("kind", "PeerAuthentication");
        policy.putObject("metadata").put("name", name).put("namespace", namespace)
                .put("creationTimestamp", "2026-01-01T00:00:00Z");
        policy.putObject("spec").putObject("mtls").put("mode", mode);
        return policy;
    }

    static String yaml(List<ObjectNode> documents) {
        StringBuilder out = new StringBuilder();
        for (ObjectNode doc : documents) {
            try {
                out.append("---\n").append(YAML.writeValueAsString(doc));
            } catch (IOException e) {
                throw new UncheckedIOException("render " + doc.path("kind").asText() + " as YAML", e);
            }
        }
        return out.toString();
    }

    /**
     * Replaces {@code file} in one rename, so the control plane's reload never reads half a file;
     * the temporary name ({@link AtomicFile}) does not end in .yaml, so the loader ignores it.
     */
    static void write(Path file, List<ObjectNode> documents) {
        writeText(file, yaml(documents));
    }

    /** As {@link #write(Path, List)}, for documents already in YAML. */
    static void writeText(Path file, String yaml) {
        try {
            AtomicFile.write(file, yaml, AtomicFile.WORLD_READABLE);
        } catch (IOException e) {
            throw new UncheckedIOException("write mesh file " + file, e);
        }
    }
}
