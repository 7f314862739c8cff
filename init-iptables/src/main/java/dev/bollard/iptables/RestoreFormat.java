package dev.bollard.iptables;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Rules to iptables-restore input. Tables in a fixed order, our chains declared (which also
 * flushes them under --noflush) and listed alphabetically, rules grouped by chain in the order the
 * policy made them: the same layout iptables-save prints, so the two can be compared line by line.
 */
public final class RestoreFormat {
    private static final List<String> BUILT_IN_ORDER = List.of("PREROUTING", "INPUT", "OUTPUT", "POSTROUTING");

    private RestoreFormat() {
    }

    /** Input that installs {@code rules} on a host that has none of ours yet (what --dry-run shows). */
    public static String render(List<Rule> rules) {
        return render(rules, SavedRules.EMPTY);
    }

    /**
     * Input that replaces whatever we installed before ({@code current}) with {@code rules} in one
     * transaction: a re-run leaves exactly one copy, and a failure leaves the old state untouched.
     */
    public static String render(List<Rule> rules, SavedRules current) {
        StringBuilder out = new StringBuilder();
        for (Table table : Table.values()) {
            List<Rule> tableRules = rules.stream().filter(r -> r.table() == table).toList();
            if (tableRules.isEmpty() && current.ownedChains(table).isEmpty() && current.jumps(table).isEmpty()) {
                continue;
            }
            Set<String> declared = new TreeSet<>();
            tableRules.stream().map(Rule::chain).filter(c -> !table.isBuiltIn(c)).forEach(declared::add);
            out.append('*').append(table.id()).append('\n');
            declared.forEach(c -> out.append(':').append(c).append(" - [0:0]\n"));
            current.jumps(table).forEach(j -> out.append(j.deleteLine()).append('\n'));
            Set<String> stale = new TreeSet<>(current.ownedChains(table));
            stale.removeAll(declared);
            stale.forEach(c -> out.append("-F ").append(c).append('\n'));
            stale.forEach(c -> out.append("-X ").append(c).append('\n'));
            for (String chain : chainOrder(declared)) {
                tableRules.stream().filter(r -> r.chain().equals(chain))
                        .forEach(r -> out.append(r.line("-A")).append('\n'));
            }
            out.append("COMMIT\n");
        }
        return out.toString();
    }

    /** Input that removes everything we installed, and nothing else. Empty if there is nothing. */
    public static String cleanup(SavedRules current) {
        return render(List.of(), current);
    }

    private static List<String> chainOrder(Set<String> declared) {
        List<String> order = new ArrayList<>(BUILT_IN_ORDER);
        order.addAll(declared);
        return order;
    }
}
