package dev.bollard.proxy.authz;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code spec.rules[i]} → {@link CompiledRule}, failing safe where istiod does
 * (pilot/pkg/security/authz/builder and model): an unknown {@code when} key skips the rule whatever
 * the action; a value that cannot be built (bad CIDR, port, template, header key, or a field this
 * proxy does not know) skips an ALLOW rule, so it matches nothing, and is left out of a DENY, AUDIT
 * or CUSTOM rule, which then matches more. Each skip is recorded. Broken JSON shapes throw.
 */
final class RuleCompiler {
    private final Action action;
    private final String namespace;
    private final List<String> skipped;
    /** why the rule being compiled is skipped, or null */
    private String skip;

    /** @param skipped receives one line per skipped rule or value */
    RuleCompiler(Action action, String namespace, List<String> skipped) {
        this.action = action;
        this.namespace = namespace;
        this.skipped = skipped;
    }

    /**
     * The rule, or null when istiod would skip it. The whole rule is read even then, so a broken
     * shape anywhere in it still refuses the snapshot.
     */
    CompiledRule compile(JsonNode rule, int index, String at) {
        Json.object(rule, at);
        skip = null;
        List<Condition> when = when(rule.get("when"), at + ".when");
        List<List<Condition>> from = entries(rule.get("from"), at + ".from", "source");
        List<List<Condition>> to = entries(rule.get("to"), at + ".to", "operation");
        known(rule, at, "from", "to", "when");
        if (skip != null) {
            skipped.add(skip + "; rule skipped");
            return null;
        }
        return new CompiledRule(index, from, to, when);
    }

    private List<Condition> when(JsonNode node, String at) {
        List<Condition> out = new ArrayList<>();
        List<JsonNode> items = Json.array(node, at);
        for (int i = 0; i < items.size(); i++) {
            String here = at + "[" + i + "]";
            JsonNode c = Json.object(items.get(i), here);
            String key = Json.text(c, "key", here + ".key");
            known(c, here, "key", "values", "notValues");
            Field field = Field.when(key, namespace);
            List<String> values = Json.strings(c.get("values"), here + ".values");
            List<String> notValues = Json.strings(c.get("notValues"), here + ".notValues");
            if (field == null) {
                skipRule(here + ".key: unknown attribute " + key); // istiod: whatever the action
                continue;
            }
            add(out, condition(field, here, values, here + ".values", notValues, here + ".notValues"));
        }
        return out;
    }

    /** {@code from[]} or {@code to[]}: each entry one {@code source} / {@code operation}. */
    private List<List<Condition>> entries(JsonNode node, String at, String member) {
        List<List<Condition>> out = new ArrayList<>();
        List<JsonNode> items = Json.array(node, at);
        for (int i = 0; i < items.size(); i++) {
            String here = at + "[" + i + "]";
            JsonNode entry = Json.object(items.get(i), here);
            known(entry, here, member);
            JsonNode inner = entry.get(member);
            out.add(inner == null || inner.isNull() ? List.of() : fields(Json.object(inner, here + "." + member), here + "." + member, member));
        }
        return out;
    }

    /** The fields of one source or operation, each with its {@code not} form. */
    private List<Condition> fields(JsonNode node, String at, String member) {
        List<Condition> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            boolean not = name.length() > 3 && name.startsWith("not") && Character.isUpperCase(name.charAt(3));
            String base = not ? Character.toLowerCase(name.charAt(3)) + name.substring(4) : name;
            List<String> values = Json.strings(e.getValue(), at + "." + name);
            Field field = member.equals("source") ? Field.source(base, namespace) : Field.operation(base);
            if (field == null) {
                if (!values.isEmpty()) {
                    bad(at + "." + name, "unknown field");
                }
                continue;
            }
            String here = at + "." + name;
            add(out, condition(field, here, not ? List.of() : values, here, not ? values : List.of(), here));
        }
        return out;
    }

    /**
     * A member this proxy does not know (a typo, or a field from a newer Istio) could narrow what
     * the rule matches; dropping it silently would widen an ALLOW rule, so it is a bad value.
     */
    private void known(JsonNode node, String at, String... names) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!List.of(names).contains(name)) {
                bad(at + "." + name, "unknown field");
            }
        }
    }

    private static void add(List<Condition> out, Condition c) {
        if (!c.isEmpty()) { // istiod leaves out a field with no values at all
            out.add(c);
        }
    }

    private Condition condition(Field field, String at, List<String> values, String valuesAt, List<String> notValues,
                                String notValuesAt) {
        return new Condition(at, field.httpOnly(), terms(field, values, valuesAt), terms(field, notValues, notValuesAt));
    }

    private List<Term> terms(Field field, List<String> values, String at) {
        List<Term> out = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            try {
                out.add(field.compiler().compile(values.get(i)));
            } catch (IllegalArgumentException e) {
                bad(at + "[" + i + "]", e.getMessage());
            }
        }
        return out;
    }

    /** A value istiod could not build: ALLOW skips the rule, the others leave the value out. */
    private void bad(String at, String message) {
        if (action.skipsRuleOnBadValue()) {
            skipRule(at + ": " + message);
        } else {
            skipped.add(at + ": " + message + "; left out of the " + action + " rule");
        }
    }

    /** The first reason is the one reported. */
    private void skipRule(String reason) {
        if (skip == null) {
            skip = reason;
        }
    }
}
