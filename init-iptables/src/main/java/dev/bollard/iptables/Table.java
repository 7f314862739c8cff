package dev.bollard.iptables;

import java.util.Set;

/** The iptables tables this tool writes to, in the order they are rendered. */
public enum Table {
    NAT(Set.of("PREROUTING", "INPUT", "OUTPUT", "POSTROUTING")),
    RAW(Set.of("PREROUTING", "OUTPUT"));

    private final Set<String> builtInChains;

    Table(Set<String> builtInChains) {
        this.builtInChains = builtInChains;
    }

    /** The name iptables uses: "nat", "raw". */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean isBuiltIn(String chain) {
        return builtInChains.contains(chain);
    }

    public static Table byId(String id) {
        for (Table t : values()) {
            if (t.id().equals(id)) {
                return t;
            }
        }
        return null;
    }
}
