package dev.bollard.iptables;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds one rule in the canonical order iptables-save prints ([!] -s, [!] -d, -i, -o, -p, then
 * matches as added, then -j). Written that way, the rules we generate read exactly like the
 * kernel's listing, and the "-D" lines for a re-run can be taken verbatim from iptables-save.
 */
final class RuleBuilder {
    private final Table table;
    private final String chain;
    private final List<String> addresses = new ArrayList<>();
    private final List<String> interfaces = new ArrayList<>();
    private final List<String> protocol = new ArrayList<>();
    private final List<String> matches = new ArrayList<>();
    private String proto;

    private RuleBuilder(Table table, String chain) {
        this.table = table;
        this.chain = chain;
    }

    static RuleBuilder rule(Table table, String chain) {
        return new RuleBuilder(table, chain);
    }

    RuleBuilder source(String cidr) {
        addresses.addAll(List.of("-s", cidr));
        return this;
    }

    RuleBuilder destination(String cidr) {
        addresses.addAll(List.of("-d", cidr));
        return this;
    }

    RuleBuilder notDestination(String cidr) {
        addresses.addAll(List.of("!", "-d", cidr));
        return this;
    }

    RuleBuilder inInterface(String name) {
        interfaces.addAll(List.of("-i", name));
        return this;
    }

    RuleBuilder outInterface(String name) {
        interfaces.addAll(List.of("-o", name));
        return this;
    }

    RuleBuilder protocol(String name) {
        proto = name;
        protocol.addAll(List.of("-p", name));
        return this;
    }

    /** Destination ports: one entry uses the protocol match, more use multiport (at most 15 slots). */
    RuleBuilder destinationPorts(List<PortRange> ports) {
        return ports(ports, false, "--dport", "--dports");
    }

    RuleBuilder notDestinationPorts(List<PortRange> ports) {
        return ports(ports, true, "--dport", "--dports");
    }

    RuleBuilder sourcePort(int port) {
        return ports(List.of(PortRange.of(port)), false, "--sport", "--sports");
    }

    RuleBuilder uidOwner(long uid, boolean negate) {
        return owner("--uid-owner", uid, negate);
    }

    RuleBuilder gidOwner(long gid, boolean negate) {
        return owner("--gid-owner", gid, negate);
    }

    Rule jump(String target, String... targetArgs) {
        List<String> args = new ArrayList<>(addresses);
        args.addAll(interfaces);
        args.addAll(protocol);
        args.addAll(matches);
        args.add("-j");
        args.add(target);
        args.addAll(List.of(targetArgs));
        return new Rule(table, chain, args);
    }

    private RuleBuilder ports(List<PortRange> ports, boolean negate, String single, String multi) {
        if (proto == null || ports.isEmpty()) {
            throw new IllegalStateException("a port match needs a protocol and at least one port");
        }
        boolean one = ports.size() == 1;
        if (Multiport.slots(ports) > Multiport.LIMIT) {
            throw new IllegalStateException("more than " + Multiport.LIMIT + " ports in one rule: " + ports);
        }
        matches.addAll(List.of("-m", one ? proto : "multiport"));
        if (negate) {
            matches.add("!");
        }
        matches.addAll(List.of(one ? single : multi, ListValues.join(ports)));
        return this;
    }

    private RuleBuilder owner(String option, long id, boolean negate) {
        matches.addAll(List.of("-m", "owner"));
        if (negate) {
            matches.add("!");
        }
        matches.addAll(List.of(option, Long.toString(id)));
        return this;
    }
}
