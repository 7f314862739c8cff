package dev.bollard.proxy.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The table of AuthorizationPolicy behaviour: every file in {@code authz/cases/} holds policies
 * (as the feed sends them), what compiling them must skip, and cases of one connection or request
 * each with the expected decision. A new file is a new group of tests; one case is one behaviour.
 * <pre>
 * {"policies": [...], "skipped": ["fragment of a skip line"],
 *  "cases": [{"name": "...", "connection": {"source": "10.0.0.1:40000", "destination": "10.0.0.2:8080",
 *             "principal": "cluster.local/ns/a/sa/b", "sni": "b.demo"},
 *             "tcp": false, "request": {"method": "GET", "path": "/", "host": "b", "headers": {"x": ["1"]}},
 *             "expect": {"verdict": "ALLOW", "policy": "demo/a", "reason": "...", "shadow": [], "log": "rbac=..."}}]}
 * </pre>
 * Omitted: source 10.0.0.1:40000, destination 10.0.0.2:8080, no principal, no SNI, an HTTP request
 * {@code GET /} with host {@code b} and no headers; {@code "tcp": true} asks for the connection
 * decision instead. {@code policy} defaults to "" and {@code shadow} to none; {@code reason} and
 * {@code log} are checked when given.
 */
class AuthorizationCasesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    Stream<DynamicNode> cases() throws IOException, URISyntaxException {
        URL dir = getClass().getResource("/authz/cases");
        try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList().stream()
                    .map(AuthorizationCasesTest::file);
        }
    }

    private static DynamicNode file(Path file) {
        JsonNode root = read(file);
        String group = file.getFileName().toString().replace(".json", "");
        Authorizer authorizer = AuthorizationPolicies.parse(root.get("policies"), "authorizationPolicies");
        List<DynamicNode> tests = new ArrayList<>();
        tests.add(DynamicTest.dynamicTest("skips what istiod skips", () -> skipped(root.path("skipped"), authorizer)));
        for (JsonNode c : root.get("cases")) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> check(authorizer, c)));
        }
        return DynamicContainer.dynamicContainer(group, tests);
    }

    private static void skipped(JsonNode expected, Authorizer authorizer) {
        List<String> actual = authorizer.skipped();
        assertEquals(expected.size(), actual.size(), "skipped: " + actual);
        for (int i = 0; i < expected.size(); i++) {
            String fragment = expected.get(i).asText();
            assertTrue(actual.get(i).contains(fragment), "skip line " + i + " is '" + actual.get(i) + "', want '" + fragment + "'");
        }
    }

    private static void check(Authorizer authorizer, JsonNode c) {
        ConnectionAttributes connection = connection(c.path("connection"));
        AuthzDecision d = c.path("tcp").asBoolean(false) ? authorizer.connection(connection)
                : authorizer.request(connection, request(c.path("request")));
        JsonNode expect = c.get("expect");
        assertEquals(expect.get("verdict").asText(), d.verdict().name(), () -> "decision " + d);
        assertEquals(expect.path("policy").asText(""), d.policy(), () -> "decision " + d);
        if (expect.has("reason")) {
            assertEquals(expect.get("reason").asText(), d.reason(), () -> "decision " + d);
        }
        List<String> shadow = new ArrayList<>();
        expect.path("shadow").forEach(s -> shadow.add(s.asText()));
        assertEquals(shadow, d.shadow(), () -> "decision " + d);
        if (expect.has("log")) {
            assertEquals(expect.get("log").asText(), d.logFields());
        }
    }

    private static ConnectionAttributes connection(JsonNode c) {
        return new ConnectionAttributes(address(c.path("source").asText("10.0.0.1:40000")),
                address(c.path("destination").asText("10.0.0.2:8080")),
                Optional.ofNullable(c.path("principal").textValue()), Optional.ofNullable(c.path("sni").textValue()));
    }

    private static RequestAttributes request(JsonNode r) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        r.path("headers").fields().forEachRemaining(e -> {
            List<String> values = new ArrayList<>();
            e.getValue().forEach(v -> values.add(v.asText()));
            headers.put(e.getKey(), values);
        });
        return new RequestAttributes(r.path("method").asText("GET"), r.path("path").asText("/"), r.path("host").asText("b"), headers);
    }

    /** {@code 10.0.0.1:80} or {@code [fd00::1]:80}; literals only. */
    private static InetSocketAddress address(String text) {
        int colon = text.lastIndexOf(':');
        String host = text.substring(0, colon).replace("[", "").replace("]", "");
        try {
            return new InetSocketAddress(InetAddress.getByName(host), Integer.parseInt(text.substring(colon + 1)));
        } catch (IOException e) {
            throw new IllegalArgumentException("test address " + text, e);
        }
    }

    private static JsonNode read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            fail("read " + file + ": " + e);
            return null;
        }
    }
}
