package dev.bollard.proxy.authz;

import java.util.Comparator;
import java.util.List;

/**
 * The rules of one action, as the one Envoy RBAC filter istiod builds for it holds them: enforced
 * rules and dry-run (shadow) rules, each set in the order of Envoy's policy map, which is sorted by
 * the rule's name ({@code ns[<ns>]-policy[<name>]-rule[<i>]}); the first matching rule names the
 * effective policy.
 */
final class Stage {
    private record Entry(String key, CompiledPolicy policy, CompiledRule rule) {
    }

    private final List<Entry> enforced;
    private final List<Entry> dryRun;
    private final boolean hasEnforced;
    private final boolean hasDryRun;

    Stage(List<CompiledPolicy> policies, Action action) {
        List<CompiledPolicy> mine = policies.stream().filter(p -> p.action() == action).toList();
        this.enforced = entries(mine, false);
        this.dryRun = entries(mine, true);
        // a policy without (usable) rules still puts its filter in place: an ALLOW one allows nothing
        this.hasEnforced = mine.stream().anyMatch(p -> !p.dryRun());
        this.hasDryRun = mine.stream().anyMatch(CompiledPolicy::dryRun);
    }

    private static List<Entry> entries(List<CompiledPolicy> policies, boolean dryRun) {
        return policies.stream().filter(p -> p.dryRun() == dryRun)
                .flatMap(p -> p.rules().stream().map(r -> new Entry(p.ruleKey(r), p, r)))
                .sorted(Comparator.comparing(Entry::key)).toList();
    }

    boolean hasEnforced() {
        return hasEnforced;
    }

    boolean hasDryRun() {
        return hasDryRun;
    }

    /** The policy of the first enforced rule that matches, or null. */
    CompiledPolicy enforced(Facts facts, boolean tcp) {
        return first(enforced, facts, tcp);
    }

    /** The policy of the first dry-run rule that matches, or null. */
    CompiledPolicy dryRun(Facts facts, boolean tcp) {
        return first(dryRun, facts, tcp);
    }

    private static CompiledPolicy first(List<Entry> entries, Facts facts, boolean tcp) {
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (e.rule().matches(facts, tcp, e.policy().action())) {
                return e.policy();
            }
        }
        return null;
    }
}
