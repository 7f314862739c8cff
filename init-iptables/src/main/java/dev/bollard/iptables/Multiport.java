package dev.bollard.iptables;

import java.util.ArrayList;
import java.util.List;

/** Splits port lists into rules that fit the multiport match. */
final class Multiport {
    /** iptables multiport takes at most 15 ports per rule; a range uses two of them. */
    static final int LIMIT = 15;

    private Multiport() {
    }

    static int slots(List<PortRange> ports) {
        return ports.stream().mapToInt(PortRange::multiportSlots).sum();
    }

    /** Consecutive groups of at most {@link #LIMIT} slots, in the given order. */
    static List<List<PortRange>> chunks(List<PortRange> ports) {
        List<List<PortRange>> out = new ArrayList<>();
        List<PortRange> current = new ArrayList<>();
        int used = 0;
        for (PortRange p : ports) {
            if (used + p.multiportSlots() > LIMIT) {
                out.add(List.copyOf(current));
                current.clear();
                used = 0;
            }
            current.add(p);
            used += p.multiportSlots();
        }
        if (!current.isEmpty()) {
            out.add(List.copyOf(current));
        }
        return out;
    }
}
