package dev.bollard.iptables;

import static dev.bollard.iptables.RuleBuilder.rule;

import java.util.ArrayList;
import java.util.List;

/**
 * nat PREROUTING: TCP arriving at the pod goes to the inbound capture port unless its interface or
 * port is excluded. Nothing at all is written when no inbound port is included.
 */
final class InboundRules {
    private InboundRules() {
    }

    static List<Rule> of(CaptureConfig config) {
        PortSelection include = config.includeInboundPorts();
        List<Rule> rules = new ArrayList<>();
        if (include.isEmpty()) {
            return rules;
        }
        rules.add(rule(Table.NAT, Chains.PREROUTING).protocol("tcp").jump(Chains.INBOUND));
        // exclusions sit in our chain, not in PREROUTING, so --cleanup only has one jump to remove
        for (String name : config.excludeInterfaces()) {
            rules.add(rule(Table.NAT, Chains.INBOUND).inInterface(name).jump("RETURN"));
        }
        rules.add(rule(Table.NAT, Chains.INBOUND).protocol("tcp")
                .destinationPorts(List.of(PortRange.of(IptablesRules.INBOUND_TUNNEL_PORT))).jump("RETURN"));
        // exclusions apply to an explicit list too: the proxy's own ports must never be captured
        for (List<PortRange> chunk : Multiport.chunks(config.excludeInboundPorts())) {
            rules.add(rule(Table.NAT, Chains.INBOUND).protocol("tcp").destinationPorts(chunk).jump("RETURN"));
        }
        if (include.all()) {
            rules.add(rule(Table.NAT, Chains.INBOUND).protocol("tcp").jump(Chains.IN_REDIRECT));
        } else {
            for (List<PortRange> chunk : Multiport.chunks(include.ports())) {
                rules.add(rule(Table.NAT, Chains.INBOUND).protocol("tcp").destinationPorts(chunk)
                        .jump(Chains.IN_REDIRECT));
            }
        }
        return rules;
    }
}
