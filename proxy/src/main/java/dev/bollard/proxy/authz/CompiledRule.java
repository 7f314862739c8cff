package dev.bollard.proxy.authz;

import java.util.List;

/**
 * One {@code rules[]} entry: any {@code from} (or none given) and any {@code to} (or none given)
 * and every {@code when}, each entry the AND of its fields.
 */
final class CompiledRule {
    private final List<List<Condition>> from;
    private final List<List<Condition>> to;
    private final List<Condition> when;
    private final boolean usesHttp;
    /** the rule's place in {@code spec.rules}, part of the name Envoy orders rules by */
    final int index;

    CompiledRule(int index, List<List<Condition>> from, List<List<Condition>> to, List<Condition> when) {
        this.index = index;
        this.from = from.stream().map(List::copyOf).toList();
        this.to = to.stream().map(List::copyOf).toList();
        this.when = List.copyOf(when);
        this.usesHttp = this.from.stream().flatMap(List::stream).anyMatch(Condition::httpOnly)
                || this.to.stream().flatMap(List::stream).anyMatch(Condition::httpOnly)
                || this.when.stream().anyMatch(Condition::httpOnly);
    }

    /**
     * @param tcp   a connection that is not HTTP: an ALLOW rule with an HTTP-only field never
     *              matches, any other rule is applied without those fields (Istio's TCP rule)
     */
    boolean matches(Facts facts, boolean tcp, Action action) {
        if (tcp && usesHttp && action == Action.ALLOW) {
            return false;
        }
        return anyEntry(from, facts, tcp) && anyEntry(to, facts, tcp) && all(when, facts, tcp);
    }

    private static boolean anyEntry(List<List<Condition>> entries, Facts facts, boolean tcp) {
        if (entries.isEmpty()) {
            return true;
        }
        for (int i = 0; i < entries.size(); i++) {
            if (all(entries.get(i), facts, tcp)) {
                return true;
            }
        }
        return false;
    }

    private static boolean all(List<Condition> conditions, Facts facts, boolean tcp) {
        for (int i = 0; i < conditions.size(); i++) {
            Condition c = conditions.get(i);
            if (!(tcp && c.httpOnly()) && !c.matches(facts)) {
                return false;
            }
        }
        return true;
    }
}
