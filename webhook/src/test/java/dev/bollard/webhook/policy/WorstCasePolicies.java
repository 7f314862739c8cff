package dev.bollard.webhook.policy;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntFunction;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The worst policies we can build within the API server's 3 MiB request limit: each one aims at
 * a spot where a check could go super-linear (regex backtracking, a scan per finding, a split per
 * value, a message per entry). Shared by {@code PolicyWorstCaseTest} (decisions) and the JMH
 * benchmark (times).
 */
public final class WorstCasePolicies {
    /** The object's JSON stays this far under 3 MiB, so the AdmissionReview around it still fits. */
    public static final int OBJECT_BUDGET = 3 * 1024 * 1024 - 16 * 1024;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** One hostile policy and the decision istiod (and so we) must reach for it. */
    public record Case(String name, ObjectNode object, boolean allowed, String fragment) {
        @Override
        public String toString() {
            return name;
        }
    }

    private WorstCasePolicies() {
    }

    public static List<Case> all() {
        return List.of(
                denied("path-template-80000-slashes", paths(1, i -> "/{*}" + "/".repeat(80_000) + "x"),
                        "segment \"\" is not a valid path literal"),
                denied("path-template-3MiB-of-slashes", paths(1, i -> "/{*}" + "/".repeat(OBJECT_BUDGET - 512) + "x"),
                        "segment \"\" is not a valid path literal"),
                allowed("path-template-3MiB-of-segments", paths(1, i -> "/{*}" + "/a".repeat((OBJECT_BUDGET - 512) / 2))),
                denied("path-template-long-match-any-chain", paths(1, i -> "/api" + "/{**}".repeat((OBJECT_BUDGET - 512) / 5)),
                        "{**} must be the last operator"),
                allowed("path-templates-many-short", paths((OBJECT_BUDGET - 512) / 12, i -> "/{*}/" + (i % 10_000))),
                allowed("principals-huge-list", source("principals", (OBJECT_BUDGET - 512) / 34, i -> "cluster.local/ns/n/sa/s" + i)),
                // istiod accepts these (they simply never match an Istio identity): advice, not a veto
                warned("principals-many-stars", source("principals", 1, i -> "*" + "a*".repeat((OBJECT_BUDGET - 512) / 2)),
                        "is a wildcard only as the first or the last character"),
                warned("principals-many-slashes", source("principals", 1, i -> "td" + "/".repeat(OBJECT_BUDGET - 512)),
                        "is not an Istio principal"),
                warned("principals-each-invalid", source("principals", (OBJECT_BUDGET - 512) / 10, i -> "a*b" + (i % 1000)),
                        "more warnings"),
                denied("ip-blocks-colons", source("ipBlocks", 1, i -> ":".repeat(OBJECT_BUDGET - 512)),
                        "is not an IP address or CIDR range"),
                denied("ip-blocks-that-look-like-names", source("ipBlocks", (OBJECT_BUDGET - 512) / 8, i -> ".:" + (i % 100)),
                        "is not an IP address or CIDR range"),
                allowed("condition-long-header-name", conditions(1, i -> "request.headers[" + "x".repeat(OBJECT_BUDGET - 512) + "]")),
                allowed("conditions-thousands", conditions((OBJECT_BUDGET - 512) / 64, i -> "request.headers[x-h" + i + "]")),
                denied("rules-thousands", authorizationPolicy(spec -> {
                    ArrayNode rules = spec.putArray("rules");
                    for (int i = 0; i < (OBJECT_BUDGET - 512) / 40; i++) {
                        rules.addObject().putArray("to").addObject().putObject("operation").putArray("ports").add("80");
                    }
                }), "must have at most 512 rules"),
                denied("source-unknown-fields", authorizationPolicy(spec -> {
                    ObjectNode source = spec.putArray("rules").addObject().putArray("from").addObject().putObject("source");
                    source.putArray("namespaces").add("prod");
                    for (int i = 0; i < (OBJECT_BUDGET - 512) / 16; i++) {
                        source.putArray("f" + i);
                    }
                }), "unknown field \"f0\""),
                denied("port-level-keys", peerAuthentication(spec -> {
                    spec.putObject("selector").putObject("matchLabels").put("app", "ratings");
                    ObjectNode ports = spec.putObject("portLevelMtls");
                    for (int i = 0; i < (OBJECT_BUDGET - 512) / 30; i++) {
                        ports.putObject(Integer.toString(i + 1)).put("mode", "STRICT");
                    }
                }), "port must be in range 1..65535"),
                denied("match-label-keys", peerAuthentication(spec -> {
                    ObjectNode labels = spec.putObject("selector").putObject("matchLabels");
                    for (int i = 0; i < (OBJECT_BUDGET - 512) / 16; i++) {
                        labels.put("k*" + i, "v");
                    }
                }), "wildcard is not supported in selector label keys"),
                denied("unknown-field-deep-nesting", peerAuthentication(spec -> {
                    ObjectNode node = spec.putObject("unknown");
                    for (int i = 0; i < 900; i++) {
                        node = node.putObject("n");
                    }
                }), "unknown field \"unknown\""));
    }

    private static Case allowed(String name, ObjectNode object) {
        return new Case(name, object, true, "");
    }

    /** Allowed with advice: {@code fragment} is in the warnings. */
    private static Case warned(String name, ObjectNode object, String fragment) {
        return new Case(name, object, true, fragment);
    }

    private static Case denied(String name, ObjectNode object, String fragment) {
        return new Case(name, object, false, fragment);
    }

    private static ObjectNode paths(int count, IntFunction<String> path) {
        return authorizationPolicy(spec -> list(spec.putArray("rules").addObject().putArray("to").addObject()
                .putObject("operation").putArray("paths"), count, path));
    }

    private static ObjectNode source(String field, int count, IntFunction<String> value) {
        return authorizationPolicy(spec -> list(spec.putArray("rules").addObject().putArray("from").addObject()
                .putObject("source").putArray(field), count, value));
    }

    private static ObjectNode conditions(int count, IntFunction<String> key) {
        return authorizationPolicy(spec -> {
            ArrayNode when = spec.putArray("rules").addObject().putArray("when");
            for (int i = 0; i < count; i++) {
                ObjectNode condition = when.addObject().put("key", key.apply(i));
                condition.putArray("values").add("v");
            }
        });
    }

    private static void list(ArrayNode array, int count, IntFunction<String> value) {
        for (int i = 0; i < count; i++) {
            array.add(value.apply(i));
        }
    }

    private static ObjectNode authorizationPolicy(Consumer<ObjectNode> spec) {
        return object("AuthorizationPolicy", spec);
    }

    private static ObjectNode peerAuthentication(Consumer<ObjectNode> spec) {
        return object("PeerAuthentication", spec);
    }

    private static ObjectNode object(String kind, Consumer<ObjectNode> spec) {
        ObjectNode object = NODES.objectNode().put("apiVersion", "security.istio.io/v1").put("kind", kind);
        object.putObject("metadata").put("name", "worst").put("namespace", "prod");
        spec.accept(object.putObject("spec"));
        return object;
    }
}
