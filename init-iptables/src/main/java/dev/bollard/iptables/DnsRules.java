package dev.bollard.iptables;

import static dev.bollard.iptables.RuleBuilder.rule;

import java.util.ArrayList;
import java.util.List;

/**
 * --capture-dns: DNS from the app goes to the agent's DNS proxy, like Istio's
 * ISTIO_META_DNS_CAPTURE with capture-all. The raw-table rules put the two legs of a proxied UDP
 * query in different conntrack zones, so the kernel does not confuse app->proxy with
 * proxy->resolver when both use port 53.
 */
final class DnsRules {
    static final int DNS_PORT = 53;
    /** istio-agent's DNS listener. */
    static final int DNS_PROXY_PORT = 15053;

    private DnsRules() {
    }

    static List<Rule> of(CaptureConfig config) {
        List<PortRange> dns = List.of(PortRange.of(DNS_PORT));
        String proxyPort = Integer.toString(DNS_PROXY_PORT);
        List<Rule> rules = new ArrayList<>();
        rules.add(rule(Table.NAT, Chains.OUTPUT_DNS).protocol("tcp").destinationPorts(dns)
                .jump("REDIRECT", "--to-ports", proxyPort));
        rules.add(rule(Table.NAT, Chains.OUTPUT_DNS).protocol("udp").destinationPorts(dns)
                .jump("REDIRECT", "--to-ports", proxyPort));
        rules.add(rule(Table.RAW, Chains.OUTPUT).jump(Chains.OUTPUT_DNS));
        for (boolean user : new boolean[] {true, false}) {
            long id = user ? config.proxyUid() : config.proxyGid();
            rules.add(zone(owned(rule(Table.RAW, Chains.OUTPUT_DNS).protocol("udp").destinationPorts(dns), user, id), 1));
            rules.add(zone(owned(rule(Table.RAW, Chains.OUTPUT_DNS).protocol("udp").sourcePort(DNS_PROXY_PORT), user, id), 2));
        }
        rules.add(zone(rule(Table.RAW, Chains.OUTPUT_DNS).protocol("udp").destinationPorts(dns), 2));
        rules.add(rule(Table.RAW, Chains.PREROUTING).jump(Chains.INBOUND));
        rules.add(zone(rule(Table.RAW, Chains.INBOUND).protocol("udp").sourcePort(DNS_PORT), 1));
        return rules;
    }

    private static RuleBuilder owned(RuleBuilder rule, boolean user, long id) {
        return user ? rule.uidOwner(id, false) : rule.gidOwner(id, false);
    }

    private static Rule zone(RuleBuilder rule, int zone) {
        return rule.jump("CT", "--zone", Integer.toString(zone));
    }
}
