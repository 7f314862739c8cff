package dev.bollard.proxy.authz;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What one decision costs against 100 policies (40 DENY, 60 ALLOW, each rule with a source, an
 * operation and a condition; the request matches none, so every rule is evaluated: the worst
 * case), as ns per request, after a warm-up. Run:
 * {@code java -cp <test classpath> dev.bollard.proxy.authz.AuthzBenchmark [seconds]}.
 */
public final class AuthzBenchmark {
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < 100; i++) {
            json.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, """
                    {"name":"demo/p%d","action":"%s","rules":[{"from":[{"source":{"principals":["cluster.local/ns/n%d/sa/*"],
                    "ipBlocks":["10.%d.0.0/16"]}}],"to":[{"operation":{"methods":["POST"],"paths":["/api/v%d/{*}/items","/admin*"]}}],
                    "when":[{"key":"request.headers[x-tenant]","values":["t%d"]}]}]}""", i, i < 40 ? "DENY" : "ALLOW", i, i, i, i));
        }
        Authorizer authz = AuthorizationPolicies.parse(new ObjectMapper().readTree(json.append(']').toString()), "authorizationPolicies");
        ConnectionAttributes connection = new ConnectionAttributes(new InetSocketAddress("10.200.0.1", 40000),
                new InetSocketAddress("10.0.0.2", 8080), Optional.of("cluster.local/ns/other/sa/web"), Optional.empty());
        RequestAttributes request = new RequestAttributes("GET", "/api/v1/x/../items?y=1", "b:8080",
                Map.of("x-tenant", List.of("blue"), "user-agent", List.of("curl/8")));
        for (int round = 0; round < 3; round++) {
            long n = 0;
            long end = System.nanoTime() + seconds * 1_000_000_000L / 3;
            long start = System.nanoTime();
            while (System.nanoTime() < end) {
                for (int i = 0; i < 1000; i++) {
                    if (authz.request(connection, request).allowed()) {
                        throw new AssertionError("the request must match no rule");
                    }
                }
                n += 1000;
            }
            System.out.printf(Locale.ROOT, "round %d: %.0f ns per request decision (100 policies, no match)%n", round,
                    (System.nanoTime() - start) / (double) n);
        }
    }
}
