package dev.bollard.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Makes iptables-save output comparable: no comments or counters, tables sorted, empty tables dropped. */
final class IptablesSaveText {
    private static final Set<String> BUILT_IN = Set.of("PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING");

    private IptablesSaveText() {
    }

    /**
     * nf_tables keeps a table once anything created it, so after --cleanup "nat" is still listed,
     * with nothing but its built-in chains accepting everything: such a table is dropped here,
     * because it filters and rewrites nothing.
     */
    static String normalise(String save) {
        StringBuilder out = new StringBuilder();
        tables(save).forEach((table, lines) -> {
            boolean empty = lines.stream().allMatch(l -> l.startsWith(":") && isBuiltInPolicy(l, "ACCEPT"));
            if (!empty) {
                out.append('*').append(table).append('\n');
                lines.forEach(l -> out.append(l).append('\n'));
                out.append("COMMIT\n");
            }
        });
        return out.toString();
    }

    /** Per table, the lines that are ours to compare: declarations of non-built-in chains and rules. */
    static Map<String, List<String>> ownLines(String saveOrRestore) {
        Map<String, List<String>> out = new TreeMap<>();
        tables(saveOrRestore).forEach((table, lines) -> out.put(table,
                lines.stream().filter(l -> !(l.startsWith(":") && BUILT_IN.contains(chain(l)))).toList()));
        out.values().removeIf(List::isEmpty);
        return out;
    }

    private static Map<String, List<String>> tables(String text) {
        Map<String, List<String>> tables = new TreeMap<>();
        List<String> current = null;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.equals("COMMIT")) {
                continue;
            }
            if (line.startsWith("*")) {
                current = tables.computeIfAbsent(line.substring(1), t -> new ArrayList<>());
            } else if (current != null) {
                current.add(line.replaceAll("\\[\\d+:\\d+\\]", "[0:0]"));
            }
        }
        return tables;
    }

    private static boolean isBuiltInPolicy(String declaration, String policy) {
        String[] parts = declaration.substring(1).split("\\s+");
        return BUILT_IN.contains(parts[0]) && parts.length > 1 && parts[1].equals(policy);
    }

    private static String chain(String declaration) {
        return declaration.substring(1).split("\\s+")[0];
    }
}
