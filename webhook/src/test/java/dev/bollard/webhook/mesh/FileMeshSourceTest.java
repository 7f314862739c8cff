package dev.bollard.webhook.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files source under make run: a Service file and a Pod file combine into the feed's services. */
class FileMeshSourceTest {
    @TempDir
    Path dir;

    @Test
    void servicesInOneFileSelectPodsInAnother() throws Exception {
        Files.writeString(dir.resolve("pods.yaml"), """
                apiVersion: v1
                kind: Pod
                metadata: {name: b-0, namespace: demo, labels: {app: b, security.istio.io/tlsMode: istio}}
                spec: {containers: [{name: app, ports: [{name: http, containerPort: 8080}]}]}
                status: {podIP: 10.250.0.3}
                """);
        Files.writeString(dir.resolve("services.yml"), """
                apiVersion: v1
                kind: Service
                metadata: {name: b, namespace: demo}
                spec: {clusterIP: 10.96.0.20, selector: {app: b}, ports: [{name: web, port: 80, targetPort: http}]}
                """);
        MeshModel model = new MeshModel();
        FileMeshSource source = new FileMeshSource(dir, model);

        source.poll();

        assertEquals(List.of(new FeedSnapshot.Service("demo", "b", List.of("10.96.0.20"),
                List.of(new FeedSnapshot.ServicePort(80, List.of(new FeedSnapshot.ServiceEndpoint("10.250.0.3", 8080)))))),
                ServiceEndpoints.of(model.current().orElseThrow()));

        Files.writeString(dir.resolve("services.yml"), "kind: Service\napiVersion: v1\nmetadata: {name: b, namespace: demo\n");
        source.poll();
        assertEquals(1, ServiceEndpoints.of(model.current().orElseThrow()).size(), "a broken file keeps its last good content");

        Files.delete(dir.resolve("services.yml"));
        source.poll();
        assertEquals(List.of(), ServiceEndpoints.of(model.current().orElseThrow()));
    }

    @Test
    void readsAuthorizationPoliciesFromMultiDocumentFiles() throws Exception {
        Path policies = dir.resolve("policies.yaml");
        Files.writeString(policies, POD + AUTHORIZATION_POLICY.formatted("ALLOW"));
        MeshModel model = new MeshModel();
        FileMeshSource source = new FileMeshSource(dir, model);
        source.poll();
        MeshState state = model.current().orElseThrow();
        assertEquals(List.of("demo/allow-get"), state.authorizationPolicies().stream().map(AuthorizationPolicySpec::ref).toList());

        Files.writeString(policies, POD + AUTHORIZATION_POLICY.formatted("DENY"));
        source.poll();
        assertEquals(AuthorizationPolicySpec.Action.DENY, model.current().orElseThrow().authorizationPolicies().get(0).action());
        assertEquals(true, model.current().orElseThrow().version() > state.version());

        Files.writeString(policies, POD);
        source.poll();
        assertEquals(List.of(), model.current().orElseThrow().authorizationPolicies());
    }

    static final String AUTHORIZATION_POLICY = """
            ---
            apiVersion: security.istio.io/v1beta1
            kind: AuthorizationPolicy
            metadata: {name: allow-get, namespace: demo}
            spec:
              action: %s
              rules: [{to: [{operation: {methods: [GET]}}]}]
            """;

    @Test
    void aHugeFileIsNotReadAndItsLastGoodContentStays() throws Exception {
        Path pods = dir.resolve("pods.yaml");
        Files.writeString(pods, POD);
        MeshModel model = new MeshModel();
        FileMeshSource source = new FileMeshSource(dir, model);
        source.poll();
        assertEquals(1, model.current().orElseThrow().pods().size());

        try (var out = Files.newOutputStream(pods, java.nio.file.StandardOpenOption.APPEND)) {
            out.write("\n# padding\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.write(new byte[(int) FileMeshSource.MAX_FILE_BYTES]);
        }
        source.poll();
        assertEquals(1, model.current().orElseThrow().pods().size(), "an oversized file keeps its last good content");

        Files.writeString(pods, POD.replace("b-0", "c-0"));
        source.poll();
        assertEquals("c-0", model.current().orElseThrow().pods().get(0).name(), "back under the limit, it is read again");
    }

    @Test
    void aFileThatIsNotUtf8KeepsItsLastGoodContentAndARenameMovesIt() throws Exception {
        Path pods = dir.resolve("pods.yaml");
        Files.writeString(pods, POD);
        MeshModel model = new MeshModel();
        FileMeshSource source = new FileMeshSource(dir, model);
        source.poll();

        Files.write(pods, new byte[] {(byte) 0xff, (byte) 0xfe, 'x'});
        source.poll();
        assertEquals(1, model.current().orElseThrow().pods().size());

        Files.writeString(pods, POD);
        Files.move(pods, dir.resolve("renamed.yml"));
        source.poll();
        assertEquals(1, model.current().orElseThrow().pods().size(), "a renamed file's objects stay, read under the new name");
    }

    static final String POD = """
            apiVersion: v1
            kind: Pod
            metadata: {name: b-0, namespace: demo, labels: {app: b, security.istio.io/tlsMode: istio}}
            status: {podIP: 10.250.0.3}
            """;
}
