package dev.bollard.iptables;

import java.util.List;

/** "*" (every destination) or an explicit list of networks; the empty list selects nothing. */
public record IpRangeSelection(boolean all, List<Cidr> cidrs) {

    public static final IpRangeSelection ALL = new IpRangeSelection(true, List.of());
    public static final IpRangeSelection NONE = new IpRangeSelection(false, List.of());

    public IpRangeSelection {
        cidrs = List.copyOf(cidrs);
        if (all && !cidrs.isEmpty()) {
            throw new IllegalArgumentException("'*' cannot be combined with a CIDR list");
        }
    }

    public static IpRangeSelection parse(String text) {
        return text.strip().equals("*") ? ALL : new IpRangeSelection(false, ListValues.cidrs(text));
    }

    /** The networks of one family: IPv4 rules get the IPv4 entries, IPv6 rules the IPv6 ones. */
    public List<Cidr> of(IpFamily family) {
        return cidrs.stream().filter(c -> c.isIpv6() == (family == IpFamily.V6)).toList();
    }

    public boolean hasLoopback() {
        return cidrs.stream().anyMatch(Cidr::isLoopback);
    }

    @Override
    public String toString() {
        return all ? "*" : ListValues.join(cidrs);
    }
}
