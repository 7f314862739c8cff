package dev.bollard.iptables;

import java.util.List;

/** One "-A chain args..." line of a table. */
public record Rule(Table table, String chain, List<String> args) {

    public Rule {
        args = List.copyOf(args);
        if (chain.isBlank() || args.isEmpty()) {
            throw new IllegalArgumentException("a rule needs a chain and arguments");
        }
    }

    /** The chain this rule jumps or goes to, or null if its target is not a chain of ours. */
    public String ownedTarget() {
        for (int i = 0; i < args.size() - 1; i++) {
            String a = args.get(i);
            if ((a.equals("-j") || a.equals("-g")) && Chains.OWNED.contains(args.get(i + 1))) {
                return args.get(i + 1);
            }
        }
        return null;
    }

    /** The rule as iptables-restore reads it, with "-A" or "-D". */
    public String line(String operation) {
        return operation + " " + chain + " " + String.join(" ", args);
    }
}
