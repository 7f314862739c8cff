package dev.bollard.proxy.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bollard.proxy.feed.FeedMessage;
import dev.bollard.proxy.feed.FeedParser;
import dev.bollard.proxy.feed.FeedParserTest;

class AuthorizationPoliciesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ConnectionAttributes PEER = new ConnectionAttributes(new InetSocketAddress("10.0.0.1", 4000),
            new InetSocketAddress("10.0.0.2", 8080), Optional.of("cluster.local/ns/demo/sa/a"), Optional.empty());

    static Stream<Arguments> structuralErrors() throws IOException {
        try (InputStream in = AuthorizationPoliciesTest.class.getResourceAsStream("/authz/parse-errors.json")) {
            List<Arguments> out = new ArrayList<>();
            for (JsonNode c : JSON.readTree(in)) {
                out.add(Arguments.of(c.get("name").asText(), c.get("policies"), c.get("error").asText()));
            }
            return out.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("structuralErrors")
    void refusesStructurallyBrokenPolicies(String name, JsonNode policies, String error) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AuthorizationPolicies.parse(policies, "authorizationPolicies"));
        assertTrue(e.getMessage().contains(error), e.getMessage());
    }

    @Test
    void noPoliciesIsNone() throws IOException {
        assertSame(Authorizer.NONE, AuthorizationPolicies.parse(null, "authorizationPolicies"));
        assertSame(Authorizer.NONE, AuthorizationPolicies.parse(JSON.readTree("[]"), "authorizationPolicies"));
        assertSame(Authorizer.NONE, AuthorizationPolicies.parse(JSON.readTree("null"), "authorizationPolicies"));
    }

    @Test
    void aSnapshotCarriesItsCompiledPolicies() {
        String line = FeedParserTest.SNAPSHOT.replaceFirst("^\\{", "{\"authorizationPolicies\":[{\"name\":\"demo/deny-admin\","
                + "\"action\":\"DENY\",\"provider\":\"\",\"dryRun\":false,\"rules\":[{\"to\":[{\"operation\":{\"paths\":[\"/admin*\"]}}]}]}],");
        Authorizer authz = ((FeedMessage.Snapshot) FeedParser.parse(line)).mesh().authorization();
        assertFalse(authz.isEmpty());
        AuthzDecision d = authz.request(PEER, new RequestAttributes("GET", "/admin/x", "b", Map.of()));
        assertEquals("rbac=deny rbac_policy=demo/deny-admin", d.logFields());
    }

    @Test
    void aBrokenPolicyRefusesTheSnapshotNamingTheField() {
        String line = FeedParserTest.SNAPSHOT.replaceFirst("^\\{", "{\"authorizationPolicies\":[{\"name\":\"demo/a\","
                + "\"rules\":[{\"from\":[{\"source\":{\"ipBlocks\":[\"10.0.0.0/8\",7]}}]}]}],");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FeedParser.parse(line));
        assertTrue(e.getMessage().contains("authorizationPolicies[0].rules[0].from[0].source.ipBlocks[1]: must be a string"), e.getMessage());
    }

    @Test
    void aNullRuleIsSkippedAsIstiodSkipsIt() throws IOException {
        Authorizer authz = AuthorizationPolicies.parse(JSON.readTree("[{\"name\":\"demo/a\",\"rules\":[null,{}]}]"), "authorizationPolicies");
        assertEquals(List.of("authorizationPolicies[0].rules[0]: null rule skipped"), authz.skipped());
        assertTrue(authz.connection(PEER).allowed());
    }

    @Test
    void neverThrowsAtRequestTimeOnOddRequests() throws IOException {
        Authorizer authz = AuthorizationPolicies.parse(JSON.readTree("""
                [{"name":"demo/a","rules":[{"to":[{"operation":{"paths":["/a/{**}"],"hosts":["*"]}}],
                  "when":[{"key":"request.headers[x]","values":["*y"]},{"key":"request.experimental.inline.headers[x]","values":["*y"]}]}]}]"""),
                "authorizationPolicies");
        for (String path : new String[] {"", "*", "%", "%zz/..", "http://h", "/a/\u00e9/%2e%2e/../..", "\\\\..\\..", "?", "#x"}) {
            AuthzDecision d = authz.request(PEER, new RequestAttributes("", path, "", Map.of("x", List.of(",", ""))));
            assertFalse(d.allowed(), path);
        }
    }
}
