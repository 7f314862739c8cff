package dev.bollard.proxy.authz;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The feed's {@code authorizationPolicies} array → an {@link Authorizer}:
 * <pre>
 * [{"name":"demo/allow-a","action":"ALLOW","provider":"","dryRun":false,"rules":[ Istio spec.rules ]}]
 * </pre>
 * {@code action} defaults to ALLOW, {@code provider} to "", {@code dryRun} to false, {@code rules}
 * to none (a policy that matches nothing). Values istiod would not build are skipped as istiod
 * skips them (see {@link RuleCompiler}) and listed in {@link Authorizer#skipped()}; a JSON shape
 * that is not a policy throws.
 */
public final class AuthorizationPolicies {
    private AuthorizationPolicies() {
    }

    /**
     * @param node the array, or null when the control plane sent none (no policy selects the workload)
     * @param at   the field's path for messages
     * @throws IllegalArgumentException naming the first invalid field
     */
    public static Authorizer parse(JsonNode node, String at) {
        if (node == null || node.isNull() || node.isArray() && node.isEmpty()) {
            return Authorizer.NONE;
        }
        List<JsonNode> items = Json.array(node, at);
        List<CompiledPolicy> policies = new ArrayList<>(items.size());
        List<String> skipped = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            policies.add(policy(items.get(i), at + "[" + i + "]", skipped));
        }
        return new PolicyEngine(policies, skipped);
    }

    private static CompiledPolicy policy(JsonNode node, String at, List<String> skipped) {
        Json.object(node, at);
        String name = Json.text(node, "name", at + ".name");
        int slash = name.indexOf('/');
        if (slash <= 0 || slash == name.length() - 1 || name.indexOf('/', slash + 1) >= 0) {
            throw new IllegalArgumentException(at + ".name: '" + name + "' is not namespace/name");
        }
        Action action = Action.parse(Json.optionalText(node, "action", at + ".action", "ALLOW"), at + ".action");
        String provider = Json.optionalText(node, "provider", at + ".provider", "");
        boolean dryRun = Json.optionalBoolean(node, "dryRun", at + ".dryRun");
        RuleCompiler compiler = new RuleCompiler(action, name.substring(0, slash), skipped);
        List<CompiledRule> rules = new ArrayList<>();
        List<JsonNode> items = Json.array(node.get("rules"), at + ".rules");
        for (int i = 0; i < items.size(); i++) {
            String here = at + ".rules[" + i + "]";
            if (items.get(i).isNull()) {
                skipped.add(here + ": null rule skipped"); // istiod: "skipped nil rule"
                continue;
            }
            CompiledRule rule = compiler.compile(items.get(i), i, here);
            if (rule != null) {
                rules.add(rule);
            }
        }
        return new CompiledPolicy(name, action, provider, dryRun, rules);
    }
}
