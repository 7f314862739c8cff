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

    /** The rule as iptables-restore reads it, with "-A" or "-D". */
    public String line(String operation) {
        return operation + " " + chain + " " + String.join(" ", args);
    }
}
