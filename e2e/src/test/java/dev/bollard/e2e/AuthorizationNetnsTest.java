package dev.bollard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * AuthorizationPolicy decided by the real proxies between network namespaces: pods a, b and c
 * (each its own ServiceAccount) in namespace demo, policies written to the control plane's mesh
 * directory as a user would apply them, requests made with curl as the app's uid. Each test starts
 * from no policy and waits for its policy to reach b's proxy; the last one scrapes b's Prometheus
 * port after all of them. Needs root; skipped, loudly, otherwise.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuthorizationNetnsTest {
    private static final String NS = "demo";
    private static final Duration APPLIED = Duration.ofSeconds(10);
    private static final Duration LOG_WAIT = Duration.ofSeconds(5);

    @RegisterExtension
    static final NetnsFixture<MeshNetwork> MESH = NetnsFixture.mesh(
            MeshPod.Spec.meshed(NS, "a-0", "a"),
            MeshPod.Spec.meshed(NS, "b-0", "b"),
            MeshPod.Spec.meshed(NS, "c-0", "c"));

    private final MeshNetwork net = MESH.network();
    private final MeshPod a = net.pod("a-0");
    private final MeshPod b = net.pod("b-0");
    private final MeshPod c = net.pod("c-0");

    @AfterEach
    void noPolicy() {
        net.authorizationPolicies("");
        awaitStatus(() -> status(c, "GET", "/settle"), "200", "no policy left on b");
    }

    @Test
    @Order(1)
    void allowForAsPrincipalAdmitsAAndRefusesCWithThePolicyInBsLog() {
        net.authorizationPolicies(policy("allow-a", "b-0", """
                  action: ALLOW
                  rules:
                  - from:
                    - source:
                        principals: ["cluster.local/ns/demo/sa/a"]
                """));
        awaitStatus(() -> status(c, "GET", "/from-c"), "403", "the ALLOW policy reached b");
        long mark = b.proxyLogMark();
        assertEquals("200", status(a, "GET", "/from-a"), "a's principal is allowed");
        assertEquals("403", status(c, "GET", "/from-c-again"), "c's principal is not");
        String refusal = b.awaitProxyLine(mark, l -> l.contains("path=/from-c-again") && l.contains("rbac=deny"), LOG_WAIT)
                .orElseThrow(() -> new AssertionError("no rbac=deny line for c in b's log:\n" + b.proxyLog()));
        assertTrue(refusal.contains("demo/allow-a"), "the refusal names the policy: " + refusal);
        assertTrue(refusal.contains("peer=" + c.spiffeId()), refusal);
        assertTrue(!b.appLog().contains("/from-c-again"), "the refused request never reached b's app");
    }

    @Test
    @Order(2)
    void denyOnAdminPathsRefusesAdminWith403WhileRootPassesOnOneKeepAliveConnection() {
        net.authorizationPolicies(policy("deny-admin", "b-0", """
                  action: DENY
                  rules:
                  - to:
                    - operation:
                        paths: ["/admin*"]
                """));
        awaitStatus(() -> status(a, "GET", "/admin/probe"), "403", "the DENY policy reached b");
        String url = "http://" + b.ip + ":" + MeshPod.HTTP_PORT;
        // one curl, two URLs: curl reuses the connection and reports how many it opened per transfer
        Processes.Result r = a.curl("-o", "/dev/null", "-w", "%{http_code} %{num_connects}\\n", url + "/admin/x",
                "-o", "/dev/null", "-w", "%{http_code} %{num_connects}\\n", url + "/");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals(List.of("403 1", "200 0"), r.stdout().strip().lines().toList(),
                "403 for /admin/x, then 200 for / on the same connection");
        Processes.Result body = a.curl(url + "/admin/y");
        assertEquals("RBAC: access denied", body.stdout(), "Envoy's body for a denied request");
    }

    @Test
    @Order(3)
    void methodsGetRefusesAPost() {
        net.authorizationPolicies(policy("get-only", "b-0", """
                  action: ALLOW
                  rules:
                  - to:
                    - operation:
                        methods: ["GET"]
                """));
        awaitStatus(() -> status(a, "POST", "/post"), "403", "the GET-only policy reached b");
        assertEquals("200", status(a, "GET", "/get"));
        assertEquals("403", status(a, "POST", "/post-again"));
    }

    @Test
    @Order(4)
    void dryRunDenyLogsItsDecisionAndLetsTheRequestThrough() {
        net.authorizationPolicies("""
                apiVersion: security.istio.io/v1
                kind: AuthorizationPolicy
                metadata:
                  name: dry-deny
                  namespace: demo
                  annotations:
                    istio.io/dry-run: "true"
                spec:
                  selector:
                    matchLabels:
                      app: b-0
                  action: DENY
                  rules:
                  - to:
                    - operation:
                        paths: ["/dry*"]
                """);
        long mark = b.proxyLogMark();
        Duration deadline = APPLIED;
        long end = System.nanoTime() + deadline.toNanos();
        String line = null;
        while (line == null && System.nanoTime() < end) {
            assertEquals("200", status(a, "GET", "/dry-run"), "a dry-run policy never refuses");
            line = b.awaitProxyLine(mark, l -> l.contains("path=/dry-run") && l.contains("dry-run") && l.contains("demo/dry-deny"),
                    Duration.ofMillis(300)).orElse(null);
        }
        assertTrue(line != null, "b logged what the dry-run policy would have done:\n" + b.proxyLog());
        assertTrue(line.contains("status=200"), line);
    }

    @Test
    @Order(5)
    void aPolicyAppliedWhileAConnectionIsOpenDecidesItsNextRequestWithinTwoSeconds() throws java.io.IOException {
        // the client runs as the app's uid and writes the policy itself, so the clock starts at the write
        java.nio.file.Path dir = net.controlPlane.meshFile("authorization-policies.yaml").getParent();
        java.nio.file.Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        Processes.Result r = a.python(30, KEEP_ALIVE_CLIENT, b.ip, Integer.toString(MeshPod.HTTP_PORT),
                net.controlPlane.meshFile("authorization-policies.yaml").toString(), policy("deny-late", "b-0", """
                          action: DENY
                          rules:
                          - to:
                            - operation:
                                paths: ["/late"]
                        """));
        assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
        String[] result = r.stdout().strip().split(" ");
        assertEquals("OK", result[0], r.stdout() + r.stderr());
        double seconds = Double.parseDouble(result[1]);
        assertTrue(seconds <= 2.0, "the open connection's requests were refused " + seconds + " s after the policy was written");
    }

    @Test
    @Order(6)
    void prometheusScrapeOfBShowsTheRequestsWithBothPrincipals() {
        assertEquals("200", status(a, "GET", "/metrics-probe"));
        Processes.Result scrape = b.netns.exec("curl", "-sS", "-m", "5", "http://127.0.0.1:15090/stats/prometheus");
        assertEquals(0, scrape.exitCode(), scrape.stderr());
        String text = scrape.stdout();
        List<String> requests = text.lines().filter(l -> l.startsWith("istio_requests_total{")).toList();
        assertTrue(requests.stream().anyMatch(l -> l.contains("reporter=\"destination\"")
                        && l.contains("source_principal=\"" + a.spiffeId() + "\"")
                        && l.contains("destination_principal=\"" + b.spiffeId() + "\"")
                        && l.contains("response_code=\"200\"")
                        && l.contains("connection_security_policy=\"mutual_tls\"")),
                "a's allowed requests to b:\n" + String.join("\n", requests));
        assertTrue(requests.stream().anyMatch(l -> l.contains("source_principal=\"" + c.spiffeId() + "\"")
                        && l.contains("response_code=\"403\"")),
                "c's refused requests to b:\n" + String.join("\n", requests));
        assertTrue(text.contains("istio_request_duration_milliseconds_bucket{"), "the latency histogram");
    }

    /**
     * Writes POLICY over FILE while one keep-alive connection keeps asking for /late, and prints
     * "OK SECONDS" with the time from the write to the first 403 on that same connection.
     */
    private static final String KEEP_ALIVE_CLIENT = """
            import http.client, os, sys, time
            host, port, path, policy = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
            conn = http.client.HTTPConnection(host, port, timeout=5)
            def get():
                conn.request('GET', '/late')
                r = conn.getresponse(); r.read()
                return r.status
            if get() != 200:
                print('FAIL not 200 before the policy'); sys.exit(1)
            sock = conn.sock
            tmp = os.path.join(os.path.dirname(path), '.late.tmp')
            with open(tmp, 'w') as f:
                f.write(policy)
            written = time.time()
            os.rename(tmp, path)
            while time.time() - written < 10:
                status = get()
                if conn.sock is not sock:
                    print('FAIL the connection was replaced'); sys.exit(1)
                if status == 403:
                    print('OK %.2f' % (time.time() - written)); sys.exit(0)
                time.sleep(0.05)
            print('FAIL never refused'); sys.exit(1)
            """;

    private static String policy(String name, String app, String spec) {
        return """
                apiVersion: security.istio.io/v1
                kind: AuthorizationPolicy
                metadata:
                  name: %s
                  namespace: demo
                spec:
                  selector:
                    matchLabels:
                      app: %s
                %s""".formatted(name, app, spec);
    }

    private String status(MeshPod from, String method, String path) {
        Processes.Result r = from.curl("-o", "/dev/null", "-w", "%{http_code}", "-X", method,
                "http://" + b.ip + ":" + MeshPod.HTTP_PORT + path);
        return r.stdout().strip();
    }

    private void awaitStatus(Supplier<String> request, String expected, String what) {
        long end = System.nanoTime() + APPLIED.toNanos();
        String last = "";
        while (System.nanoTime() < end) {
            last = request.get();
            if (last.equals(expected)) {
                return;
            }
            MeshControlPlane.sleep(100);
        }
        throw new AssertionError(what + ": expected " + expected + " within " + APPLIED + ", last " + last
                + "\nb's proxy:\n" + b.proxyLog() + "\ncontrol plane:\n" + net.controlPlane.log());
    }
}
