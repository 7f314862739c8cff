package dev.bollard.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * What injection renders for a mesh pod, asked of the running control plane: the pod goes to
 * /inject as the API server would send it, and the istio-init args come out of the JSON Patch.
 * The capture rules in the namespaces are therefore exactly those a cluster would get.
 */
final class Injection {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INIT_CONTAINER = "istio-init";

    private Injection() {
    }

    /** The Pod object named {@code name} with {@code serviceAccount}; with the pod's status (IP) when asked. */
    static ObjectNode podObject(MeshPod pod, String name, String serviceAccount, boolean withStatus) {
        return MeshFiles.pod(pod.spec.namespace(), name, serviceAccount, withStatus ? pod.ip : null,
                MeshPod.HTTP_PORT, MeshPod.ECHO_PORT);
    }

    static List<String> initArgs(MeshControlPlane controlPlane, MeshPod pod) {
        ObjectNode object = podObject(pod, pod.spec.name(), pod.spec.serviceAccount(), false);
        String review = Admission.podCreate(pod.spec.namespace(), object);
        Processes.Result http = controlPlane.curl("POST", "/inject", review);
        http.requireSuccess("POST /inject for " + pod.spec.name() + "\n" + controlPlane.log());
        try {
            JsonNode response = JSON.readTree(http.stdout()).path("response");
            if (!response.has("patch")) {
                throw new AssertionError("injection did not patch " + pod.spec.name() + ": " + response);
            }
            JsonNode patch = JSON.readTree(Base64.getDecoder().decode(response.path("patch").asText()));
            List<List<String>> found = new ArrayList<>();
            collect(patch, found);
            if (found.size() != 1) {
                throw new AssertionError("expected one " + INIT_CONTAINER + " in the patch, found " + found + ": "
                        + new String(Base64.getDecoder().decode(response.path("patch").asText()), StandardCharsets.UTF_8));
            }
            return found.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException("read the /inject answer for " + pod.spec.name(), e);
        }
    }

    private static void collect(JsonNode node, List<List<String>> found) {
        if (node.isObject() && INIT_CONTAINER.equals(node.path("name").asText()) && node.has("args")) {
            List<String> args = new ArrayList<>();
            node.get("args").forEach(a -> args.add(a.asText()));
            found.add(args);
            return;
        }
        node.forEach(child -> collect(child, found));
    }
}
