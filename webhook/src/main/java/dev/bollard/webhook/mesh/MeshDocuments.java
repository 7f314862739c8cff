package dev.bollard.webhook.mesh;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/**
 * Parses multi-document YAML (a dev mesh file) into mesh objects. Pods, PeerAuthentications,
 * Services, EndpointSlices and AuthorizationPolicies are kept, other kinds are skipped. Any document that cannot be used fails the whole text with an
 * {@link IllegalArgumentException} naming the document, so a half-edited file never half-applies.
 */
public final class MeshDocuments {
    private static final ObjectMapper YAML = new YAMLMapper();

    private MeshDocuments() {
    }

    public static MeshObjectsSet parse(String text) {
        List<MeshPod> pods = new ArrayList<>();
        List<PeerAuthenticationSpec> policies = new ArrayList<>();
        List<MeshService> services = new ArrayList<>();
        List<MeshEndpointSlice> slices = new ArrayList<>();
        List<AuthorizationPolicySpec> authorizationPolicies = new ArrayList<>();
        int index = 0;
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(text)) {
            while (documents.hasNextValue()) {
                JsonNode document = documents.nextValue();
                index++;
                if (document == null || document.isNull() || document.isMissingNode()) {
                    continue;
                }
                if (!document.isObject()) {
                    throw new IllegalArgumentException("document " + index + " is not an object");
                }
                read(document, index, new Sink(pods, policies, services, slices, authorizationPolicies));
            }
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            throw new IllegalArgumentException("document " + (index + 1) + ": " + firstLine(e.getOriginalMessage()) + where, e);
        } catch (IOException e) {
            throw new IllegalArgumentException("document " + (index + 1) + ": " + firstLine(e.getMessage()), e);
        }
        return new MeshObjectsSet(pods, policies, services, slices, authorizationPolicies);
    }

    /** Where the documents of one text go. */
    private record Sink(List<MeshPod> pods, List<PeerAuthenticationSpec> policies, List<MeshService> services,
            List<MeshEndpointSlice> slices, List<AuthorizationPolicySpec> authorizationPolicies) {
    }

    private static void read(JsonNode document, int index, Sink sink) throws IOException {
        String kind = document.path("kind").asText("");
        String apiVersion = document.path("apiVersion").asText("");
        boolean core = apiVersion.equals("v1") || apiVersion.isEmpty();
        try {
            if (kind.equals(MeshObjects.POD) && core) {
                sink.pods().add(MeshObjects.pod(object(document)));
            } else if (kind.equals(MeshObjects.PEER_AUTHENTICATION) && apiVersion.startsWith(MeshObjects.ISTIO_SECURITY_GROUP + "/")) {
                sink.policies().add(MeshObjects.peerAuthentication(object(document)));
            } else if (kind.equals(AuthorizationPolicyObjects.KIND) && apiVersion.startsWith(MeshObjects.ISTIO_SECURITY_GROUP + "/")) {
                sink.authorizationPolicies().add(AuthorizationPolicyObjects.authorizationPolicy(object(document)));
            } else if (kind.equals(ServiceObjects.SERVICE) && core) {
                sink.services().add(ServiceObjects.service(object(document)));
            } else if (kind.equals(ServiceObjects.ENDPOINT_SLICE) && apiVersion.equals(ServiceObjects.DISCOVERY_GROUP + "/v1")) {
                sink.slices().add(ServiceObjects.endpointSlice(object(document)));
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("document " + index + " (" + kind + " "
                    + document.path("metadata").path("name").asText("?") + "): " + e.getMessage(), e);
        }
    }

    private static GenericKubernetesResource object(JsonNode document) throws IOException {
        return YAML.treeToValue(document, GenericKubernetesResource.class);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable YAML";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
