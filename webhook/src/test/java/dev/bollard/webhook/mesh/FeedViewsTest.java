package dev.bollard.webhook.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.bollard.identity.TrustDomain;

class FeedViewsTest {
    private final FeedViews views = new FeedViews(TrustDomain.parse("cluster.local"), "istio-system");

    private static MeshState state(long version, String yaml) {
        return MeshState.of(version, MeshDocuments.parse(yaml));
    }

    static final String MESH = """
            apiVersion: v1
            kind: Pod
            metadata: {name: a-0, namespace: demo, labels: {app: a, security.istio.io/tlsMode: istio}}
            spec: {serviceAccountName: a}
            status: {podIPs: [{ip: 10.0.0.10}, {ip: "fd00::1"}]}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: b-0, namespace: demo, labels: {security.istio.io/tlsMode: istio}}
            status: {podIP: 10.0.0.9}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: plain-0, namespace: demo, labels: {security.istio.io/tlsMode: disabled}}
            status: {podIP: 10.0.0.8}
            ---
            apiVersion: security.istio.io/v1
            kind: PeerAuthentication
            metadata: {name: a, namespace: demo}
            spec: {selector: {matchLabels: {app: a}}, mtls: {mode: STRICT}, portLevelMtls: {"10000": {mode: DISABLE}, "8080": {mode: PERMISSIVE}}}
            """;

    @Test
    void listsEveryAddressOfMeshPodsInNumericOrder() {
        FeedSnapshot view = views.view(state(7, MESH), FeedRequest.parse("a-0", "demo", "10.0.0.10"));
        assertEquals(List.of("10.0.0.9", "10.0.0.10", "fd00:0:0:0:0:0:0:1"), view.endpoints().stream().map(FeedSnapshot.Endpoint::ip).toList());
        assertEquals("spiffe://cluster.local/ns/demo/sa/default", view.endpoints().get(0).identity());
        assertEquals("7", view.version());
        assertEquals(new FeedSnapshot.Workload("demo", "a-0", "a", "spiffe://cluster.local/ns/demo/sa/a",
                new FeedSnapshot.Telemetry("a-0", "a", "latest", "a", null)), view.workload());
    }

    @Test
    void writesPortsInNumericOrderAndNullForAnUnknownWorkload() {
        MeshState mesh = state(1, MESH);
        String own = FeedLines.snapshot(views.view(mesh, FeedRequest.parse("a-0", "demo", null)));
        assertTrue(own.contains("\"peerAuthentication\":{\"mode\":\"STRICT\",\"portLevelMtls\":{\"8080\":\"PERMISSIVE\",\"10000\":\"DISABLE\"},\"policy\":\"demo/a\"}"), own);
        FeedSnapshot unknown = views.view(mesh, FeedRequest.parse("new-0", "demo", null));
        assertNull(unknown.workload());
        assertTrue(FeedLines.snapshot(unknown).contains("\"workload\":null"));
    }

    static final String SERVICE = """
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: b, namespace: demo}
            spec: {clusterIP: 10.96.0.20, selector: {security.istio.io/tlsMode: istio}, ports: [{port: 80, targetPort: 8080}]}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: none, namespace: demo}
            spec: {clusterIP: 10.96.0.21, selector: {app: nobody}, ports: [{port: 80}]}
            """;

    @Test
    void listsServicesWithTheirEndpointsAfterTheMeshEndpoints() {
        String line = FeedLines.snapshot(views.view(state(1, MESH + SERVICE), FeedRequest.parse("a-0", "demo", null)));

        assertTrue(line.endsWith(",\"services\":[{\"namespace\":\"demo\",\"name\":\"b\",\"vips\":[\"10.96.0.20\"],\"ports\":[{\"port\":80,"
                + "\"endpoints\":[{\"ip\":\"10.0.0.9\",\"port\":8080},{\"ip\":\"10.0.0.10\",\"port\":8080},"
                + "{\"ip\":\"fd00:0:0:0:0:0:0:1\",\"port\":8080}]}]}]}"), line);
        assertTrue(FeedLines.snapshot(views.view(state(1, MESH), FeedRequest.parse("a-0", "demo", null))).endsWith(",\"services\":[]}"));
    }

    @Test
    void aServiceEndpointChangeChangesTheView() {
        FeedRequest a = FeedRequest.parse("a-0", "demo", null);
        FeedSnapshot before = views.view(state(1, MESH + SERVICE), a);
        assertFalse(before.sameView(views.view(state(2, MESH + SERVICE.replace("targetPort: 8080", "targetPort: 8081")), a)));
        assertTrue(before.sameView(views.view(state(3, MESH + SERVICE), a)));
    }

    @Test
    void aChangeElsewhereLeavesTheViewTheSame() {
        FeedRequest a = FeedRequest.parse("a-0", "demo", null);
        FeedSnapshot before = views.view(state(1, MESH), a);
        FeedSnapshot unrelated = views.view(state(2, MESH + "---\nkind: Pod\napiVersion: v1\nmetadata: {name: x, namespace: demo}\n"), a);
        FeedSnapshot related = views.view(state(3, MESH.replace("10.0.0.9", "10.0.0.7")), a);
        assertTrue(before.sameView(unrelated));
        assertFalse(before.sameView(related));
    }
}
