package dev.bollard.webhook.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The feed's {@code services} from mesh files: selector matching, named ports, slices, skips. */
class ServiceEndpointsTest {
    static final String PODS = """
            apiVersion: v1
            kind: Pod
            metadata: {name: b-0, namespace: demo, labels: {app: b, security.istio.io/tlsMode: istio}}
            spec: {containers: [{name: app, ports: [{name: http, containerPort: 8080}, {name: dns, containerPort: 53, protocol: UDP}]}]}
            status: {podIP: 10.250.0.10}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: b-1, namespace: demo, labels: {app: b}}
            spec: {containers: [{name: app, ports: [{name: http, containerPort: 9090}]}]}
            status: {podIP: 10.250.0.9}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: b-2, namespace: demo, labels: {app: b}}
            status: {podIP: 10.250.0.11}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: b-pending, namespace: demo, labels: {app: b}}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: b-0, namespace: other, labels: {app: b}}
            status: {podIP: 10.250.1.2}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: c-0, namespace: demo, labels: {app: c}}
            status: {podIP: 10.250.0.20}
            """;

    /** One row: a Service (and slices) added to {@link #PODS}, and the services line expected, compactly spelled. */
    record Case(String name, String yaml, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        return List.of(
                new Case("selector, numeric targetPort: matching pods of the namespace with an address", """
                        kind: Service
                        apiVersion: v1
                        metadata: {name: b, namespace: demo}
                        spec: {clusterIP: 10.96.0.20, selector: {app: b}, ports: [{port: 80, targetPort: 8080}]}
                        """, "demo/b [10.96.0.20] 80->10.250.0.9:8080,10.250.0.10:8080,10.250.0.11:8080"),
                new Case("no targetPort means the port itself", """
                        kind: Service
                        apiVersion: v1
                        metadata: {name: b, namespace: demo}
                        spec: {clusterIP: 10.96.0.20, selector: {app: b}, ports: [{port: 8080}]}
                        """, "demo/b [10.96.0.20] 8080->10.250.0.9:8080,10.250.0.10:8080,10.250.0.11:8080"),
                new Case("named targetPort resolves per pod; a pod without the name is left out", """
                        kind: Service
                        apiVersion: v1
                        metadata: {name: b, namespace: demo}
                        spec: {clusterIP: 10.96.0.20, selector: {app: b}, ports: [{name: web, port: 80, targetPort: http}]}
                        """, "demo/b [10.96.0.20] 80->10.250.0.9:9090,10.250.0.10:8080"),
                new Case("UDP ports and a port no pod has are not listed; ports sorted", """
                        kind: Service
                        apiVersion: v1
                        metadata: {name: b, namespace: demo}
                        spec:
                          clusterIPs: [10.96.0.20, "fd00:96::20"]
                          selector: {app: b, security.istio.io/tlsMode: istio}
                          ports:
                          - {name: web, port: 80, targetPort: http}
                          - {name: dns, port: 53, protocol: UDP, targetPort: dns}
                          - {name: nothing, port: 70, targetPort: nope}
                          - {name: alt, port: 10, targetPort: 8081}
                        """, "demo/b [10.96.0.20,fd00:96:0:0:0:0:0:20] 10->10.250.0.10:8081 80->10.250.0.10:8080"),
                new Case("headless: skipped", """
                        kind: Service
                        apiVersion: v1
                        metadata: {name: b, namespace: demo}
                        spec: {clusterIP: None, selector: {app: b}, ports: [{port: 80}]}
                        """, ""),
                new Case("ExternalName: skipped", """
                        kind: Service
                        apiVersion: v1
                        metadata: {name: b, namespace: demo}
                        spec: {type: ExternalName, externalName: b.example.com, ports: [{port: 80}]}
                        """, ""),
                new Case("no selector and no slices: no endpoints, not listed", """
                        kind: Service
                        apiVersion: v1
                        metadata: {name: b, namespace: demo}
                        spec: {clusterIP: 10.96.0.20, ports: [{port: 80}]}
                        """, ""),
                new Case("slices win over the selector; not-ready endpoints skipped, ready unset counts as ready", """
                        kind: Service
                        apiVersion: v1
                        metadata: {name: b, namespace: demo}
                        spec: {clusterIP: 10.96.0.20, selector: {app: b}, ports: [{name: web, port: 80, targetPort: http}]}
                        ---
                        apiVersion: discovery.k8s.io/v1
                        kind: EndpointSlice
                        metadata: {name: b-abc, namespace: demo, labels: {kubernetes.io/service-name: b}}
                        addressType: IPv4
                        ports: [{name: web, port: 8080, protocol: TCP}, {name: other, port: 9999}]
                        endpoints:
                        - {addresses: [10.250.0.3], conditions: {ready: true}}
                        - {addresses: [10.250.0.4], conditions: {ready: false}}
                        - {addresses: [10.250.0.2]}
                        ---
                        apiVersion: discovery.k8s.io/v1
                        kind: EndpointSlice
                        metadata: {name: b-def, namespace: demo, labels: {kubernetes.io/service-name: b}}
                        addressType: IPv4
                        ports: [{name: web, port: 8081}]
                        endpoints: [{addresses: [10.250.0.5]}]
                        ---
                        apiVersion: discovery.k8s.io/v1
                        kind: EndpointSlice
                        metadata: {name: b-other, namespace: other, labels: {kubernetes.io/service-name: b}}
                        addressType: IPv4
                        ports: [{name: web, port: 8080}]
                        endpoints: [{addresses: [10.250.1.9]}]
                        """, "demo/b [10.96.0.20] 80->10.250.0.2:8080,10.250.0.3:8080,10.250.0.5:8081"),
                new Case("an empty slice means no endpoints, even with a selector", """
                        kind: Service
                        apiVersion: v1
                        metadata: {name: b, namespace: demo}
                        spec: {clusterIP: 10.96.0.20, selector: {app: b}, ports: [{port: 80}]}
                        ---
                        apiVersion: discovery.k8s.io/v1
                        kind: EndpointSlice
                        metadata: {name: b-abc, namespace: demo, labels: {kubernetes.io/service-name: b}}
                        addressType: IPv4
                        ports: [{name: "", port: 80}]
                        endpoints: []
                        """, ""),
                new Case("services sorted by namespace/name, non-meshed endpoints included", """
                        kind: Service
                        apiVersion: v1
                        metadata: {name: c, namespace: demo}
                        spec: {clusterIP: 10.96.0.30, selector: {app: c}, ports: [{port: 80}]}
                        ---
                        kind: Service
                        apiVersion: v1
                        metadata: {name: b, namespace: other}
                        spec: {clusterIP: 10.96.0.40, selector: {app: b}, ports: [{port: 80}]}
                        ---
                        kind: Service
                        apiVersion: v1
                        metadata: {name: a, namespace: demo}
                        spec: {clusterIP: 10.96.0.10, selector: {app: c}, ports: [{port: 81}]}
                        """, "demo/a [10.96.0.10] 81->10.250.0.20:81 | demo/c [10.96.0.30] 80->10.250.0.20:80"
                        + " | other/b [10.96.0.40] 80->10.250.1.2:80"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void computesEndpoints(Case c) {
        List<FeedSnapshot.Service> services = ServiceEndpoints.of(MeshState.of(1, MeshDocuments.parse(PODS + "---\n" + c.yaml())));

        assertEquals(c.expected(), services.stream().map(ServiceEndpointsTest::spell).collect(Collectors.joining(" | ")));
    }

    static String spell(FeedSnapshot.Service s) {
        return s.namespace() + "/" + s.name() + " [" + String.join(",", s.vips()) + "] " + s.ports().stream()
                .map(p -> p.port() + "->" + p.endpoints().stream().map(e -> e.ip() + ":" + e.port()).collect(Collectors.joining(",")))
                .collect(Collectors.joining(" "));
    }

    @Test
    void refusesASliceWithoutItsServiceLabelAndABadClusterIp() {
        IllegalArgumentException slice = assertThrows(IllegalArgumentException.class, () -> MeshDocuments.parse("""
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata: {name: b-abc, namespace: demo}
                """));
        assertTrue(slice.getMessage().contains("document 1 (EndpointSlice b-abc): metadata.labels.kubernetes.io/service-name is required"),
                slice.getMessage());
        IllegalArgumentException vip = assertThrows(IllegalArgumentException.class, () -> MeshDocuments.parse("""
                kind: Service
                apiVersion: v1
                metadata: {name: b}
                spec: {clusterIP: 10.96.0.x, ports: [{port: 80}]}
                """));
        assertTrue(vip.getMessage().contains("'10.96.0.x' is not an IP address"), vip.getMessage());
        IllegalArgumentException port = assertThrows(IllegalArgumentException.class, () -> MeshDocuments.parse("""
                kind: Service
                apiVersion: v1
                metadata: {name: b}
                spec: {clusterIP: 10.96.0.20, ports: [{port: 0}]}
                """));
        assertTrue(port.getMessage().contains("spec.ports[0].port: '0' is not a port"), port.getMessage());
    }
}
