package dev.bollard.iptables;

import java.util.List;

/** "*" (every port) or an explicit list; the empty list selects nothing. */
public record PortSelection(boolean all, List<PortRange> ports) {

    public static final PortSelection ALL = new PortSelection(true, List.of());
    public static final PortSelection NONE = new PortSelection(false, List.of());

    public PortSelection {
        ports = List.copyOf(ports);
        if (all && !ports.isEmpty()) {
            throw new IllegalArgumentException("'*' cannot be combined with a port list");
        }
    }

    public static PortSelection parse(String text) {
        return text.strip().equals("*") ? ALL : new PortSelection(false, ListValues.ports(text));
    }

    public boolean isEmpty() {
        return !all && ports.isEmpty();
    }

    @Override
    public String toString() {
        return all ? "*" : ListValues.join(ports);
    }
}
