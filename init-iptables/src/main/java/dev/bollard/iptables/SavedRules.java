package dev.bollard.iptables;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What iptables-save reports, reduced to what a re-run or --cleanup must remove: the chains we own
 * and the rules in built-in chains that jump into them. Tables we never write are ignored.
 */
public record SavedRules(Map<Table, Set<String>> ownedChains, List<Jump> jumps) {

    public static final SavedRules EMPTY = new SavedRules(Map.of(), List.of());

    private static final Pattern TARGET = Pattern.compile("(?:^|\\s)-[jg]\\s+(\\S+)(?:\\s|$)");

    /** A rule in a built-in chain that jumps to one of our chains, kept exactly as saved. */
    public record Jump(Table table, String chain, String spec) {
        String deleteLine() {
            return "-D " + chain + " " + spec;
        }
    }

    public SavedRules {
        Map<Table, Set<String>> copy = new LinkedHashMap<>();
        ownedChains.forEach((t, chains) -> copy.put(t, Set.copyOf(chains)));
        ownedChains = Map.copyOf(copy);
        jumps = List.copyOf(jumps);
    }

    public static SavedRules parse(String iptablesSave) {
        Map<Table, Set<String>> owned = new LinkedHashMap<>();
        List<Jump> jumps = new ArrayList<>();
        Table table = null;
        for (String raw : iptablesSave.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("*")) {
                table = Table.byId(line.substring(1));
            } else if (table != null && line.startsWith(":")) {
                String chain = line.substring(1).split("\\s+")[0];
                if (Chains.OWNED.contains(chain)) {
                    owned.computeIfAbsent(table, t -> new LinkedHashSet<>()).add(chain);
                }
            } else if (table != null && line.startsWith("-A ")) {
                String[] parts = line.substring(3).split("\\s+", 2);
                if (parts.length == 2 && table.isBuiltIn(parts[0]) && jumpsToOwned(parts[1])) {
                    jumps.add(new Jump(table, parts[0], parts[1]));
                }
            }
        }
        return new SavedRules(owned, jumps);
    }

    public boolean isEmpty() {
        return jumps.isEmpty() && ownedChains.values().stream().allMatch(Set::isEmpty);
    }

    Set<String> ownedChains(Table table) {
        return ownedChains.getOrDefault(table, Set.of());
    }

    List<Jump> jumps(Table table) {
        return jumps.stream().filter(j -> j.table() == table).toList();
    }

    private static boolean jumpsToOwned(String spec) {
        Matcher m = TARGET.matcher(spec);
        return m.find() && Chains.OWNED.contains(m.group(1));
    }
}
