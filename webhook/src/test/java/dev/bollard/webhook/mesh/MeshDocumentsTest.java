package dev.bollard.webhook.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class MeshDocumentsTest {

    @Test
    void readsPodsWithEveryAddressAndSkipsOtherKinds() {
        MeshObjectsSet set = MeshDocuments.parse("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: a-0
                  namespace: demo
                  creationTimestamp: "2026-01-01T00:00:00Z"
                  labels: {app: a, security.istio.io/tlsMode: istio}
                spec: {serviceAccountName: a}
                status:
                  podIP: 10.0.0.2
                  podIPs: [{ip: 10.0.0.2}, {ip: "fd00:0:0:0:0:0:0:2"}]
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: a}
                ---
                """);
        assertEquals(List.of(new MeshPod("demo", "a-0", "a", Map.of("app", "a", MeshPod.TLS_MODE_LABEL, "istio"),
                List.of("10.0.0.2", "fd00:0:0:0:0:0:0:2"), Optional.of("istio"), Instant.parse("2026-01-01T00:00:00Z"))), set.pods());
        assertTrue(set.pods().get(0).isMeshEndpoint());
    }

    @Test
    void defaultsNamespaceAndServiceAccountAndDropsTerminatedAddresses() {
        MeshPod pod = MeshDocuments.parse("""
                kind: Pod
                apiVersion: v1
                metadata: {name: done}
                status: {phase: Succeeded, podIP: 10.0.0.9}
                """).pods().get(0);
        assertEquals("default", pod.namespace());
        assertEquals("default", pod.serviceAccount());
        assertEquals(List.of(), pod.podIPs());
    }

    @Test
    void readsPeerAuthenticationWithoutMtlsAsUnset() {
        PeerAuthenticationSpec spec = MeshDocuments.parse("""
                apiVersion: security.istio.io/v1
                kind: PeerAuthentication
                metadata: {name: p, namespace: demo}
                spec:
                  selector: {matchLabels: {app: a}}
                  portLevelMtls: {"8080": {mode: DISABLE}}
                """).policies().get(0);
        assertEquals(MtlsMode.UNSET, spec.mode());
        assertEquals(Optional.of(Map.of("app", "a")), spec.selector());
        assertEquals(Map.of(8080, MtlsMode.DISABLE), spec.portLevelMtls());
    }

    @Test
    void refusesABadModeNamingTheDocument() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MeshDocuments.parse("""
                kind: Pod
                apiVersion: v1
                metadata: {name: ok}
                ---
                apiVersion: security.istio.io/v1
                kind: PeerAuthentication
                metadata: {name: p}
                spec: {mtls: {mode: STRICTEST}}
                """));
        assertTrue(e.getMessage().contains("document 2 (PeerAuthentication p): spec.mtls.mode: mtls mode 'STRICTEST'"), e.getMessage());
    }

    @Test
    void refusesBrokenYaml() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MeshDocuments.parse("kind: Pod\nmetadata: {name: [unclosed\n"));
        assertTrue(e.getMessage().startsWith("document 1: "), e.getMessage());
        assertTrue(e.getMessage().contains("(line 2, column "), e.getMessage());
    }

    @Test
    void refusesAPortThatIsNotAPort() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MeshDocuments.parse("""
                apiVersion: security.istio.io/v1
                kind: PeerAuthentication
                metadata: {name: p}
                spec: {selector: {matchLabels: {a: b}}, portLevelMtls: {"0": {mode: STRICT}}}
                """));
        assertTrue(e.getMessage().contains("'0' is not a port"), e.getMessage());
    }
}
