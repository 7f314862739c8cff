package dev.bollard.iptables;

import static dev.bollard.iptables.RuleBuilder.rule;

import java.util.ArrayList;
import java.util.List;

/**
 * nat OUTPUT: what the pod sends. First every exclusion (interfaces, ports, the proxy's own
 * traffic, loopback), then the inclusions that jump to the outbound capture port. Istio's order,
 * because each RETURN only works if it comes before the redirect that would catch the packet.
 */
final class OutboundRules {
    private OutboundRules() {
    }

    static List<Rule> of(CaptureConfig config, IpFamily family) {
        List<Rule> rules = new ArrayList<>();
        rules.add(rule(Table.NAT, Chains.OUTPUT).jump(Chains.OUTPUT_CAPTURE));
        for (String name : config.excludeInterfaces()) {
            rules.add(out().outInterface(name).jump("RETURN"));
        }
        // port exclusions come before the loopback rules so they also hold for calls back to self
        for (List<PortRange> chunk : Multiport.chunks(config.excludeOutboundPorts())) {
            rules.add(out().protocol("tcp").destinationPorts(chunk).jump("RETURN"));
            rules.add(out().protocol("udp").destinationPorts(chunk).jump("RETURN"));
        }
        // the proxy's inbound passthrough connects to the app from 127.0.0.6: never capture that
        rules.add(out().source(family.inboundPassthroughSource()).outInterface("lo").jump("RETURN"));
        rules.addAll(ownerRules(config, family, true, config.proxyUid()));
        rules.addAll(ownerRules(config, family, false, config.proxyGid()));
        if (config.captureDns()) {
            rules.add(out().jump(Chains.OUTPUT_DNS));
        }
        // Envoy-aware apps and container-to-container calls use localhost on purpose
        rules.add(out().destination(family.loopback()).jump("RETURN"));
        for (Cidr cidr : config.excludeOutboundIpRanges()) {
            if (cidr.isIpv6() == (family == IpFamily.V6)) {
                rules.add(out().destination(cidr.toString()).jump("RETURN"));
            }
        }
        for (List<PortRange> chunk : Multiport.chunks(config.includeOutboundPorts())) {
            rules.add(out().protocol("tcp").destinationPorts(chunk).jump(Chains.REDIRECT));
        }
        IpRangeSelection include = config.includeOutboundIpRanges();
        if (include.all()) {
            rules.add(out().jump(Chains.REDIRECT));
        }
        for (Cidr cidr : include.of(family)) {
            rules.add(out().destination(cidr.toString()).jump(Chains.REDIRECT));
        }
        return rules;
    }

    /**
     * nat PREROUTING for KubeVirt-style interfaces: a VM inside the pod sends through them, so what
     * arrives there is the VM's outbound traffic and goes where the pod's own outbound goes (the
     * same destinations), as istio-iptables' {@code -k} does.
     */
    static List<Rule> rerouted(CaptureConfig config, IpFamily family) {
        List<Rule> rules = new ArrayList<>();
        IpRangeSelection include = config.includeOutboundIpRanges();
        for (String name : config.rerouteInterfaces()) {
            if (include.all()) {
                rules.add(rule(Table.NAT, Chains.PREROUTING).inInterface(name).jump(Chains.REDIRECT));
            }
            for (Cidr cidr : include.of(family)) {
                rules.add(rule(Table.NAT, Chains.PREROUTING).inInterface(name).destination(cidr.toString())
                        .jump(Chains.REDIRECT));
            }
        }
        return rules;
    }

    /**
     * The three rules Istio writes per proxy uid and gid: the proxy calling a pod IP over lo goes
     * to the inbound side (app -> proxy -> proxy -> app via a service VIP); the app calling its own
     * pod IP over lo is left alone (unless loopback is explicitly included); any other proxy
     * traffic is never captured, which is what prevents redirect loops.
     */
    private static List<Rule> ownerRules(CaptureConfig config, IpFamily family, boolean user, long id) {
        List<PortRange> notRedirected = config.captureDns()
                ? List.of(PortRange.of(DnsRules.DNS_PORT), PortRange.of(IptablesRules.INBOUND_TUNNEL_PORT))
                : List.of(PortRange.of(IptablesRules.INBOUND_TUNNEL_PORT));
        List<Rule> rules = new ArrayList<>();
        rules.add(owner(out().notDestination(family.loopback()).outInterface("lo").protocol("tcp")
                .notDestinationPorts(notRedirected), user, id, false).jump(Chains.IN_REDIRECT));
        if (!config.includeOutboundIpRanges().hasLoopback()) {
            RuleBuilder appToSelf = out().outInterface("lo");
            if (config.captureDns()) {
                // TCP DNS to a resolver on the pod IP still has to reach the DNS proxy
                appToSelf.protocol("tcp").notDestinationPorts(List.of(PortRange.of(DnsRules.DNS_PORT)));
            }
            rules.add(owner(appToSelf, user, id, true).jump("RETURN"));
        }
        rules.add(owner(out(), user, id, false).jump("RETURN"));
        return rules;
    }

    private static RuleBuilder owner(RuleBuilder rule, boolean user, long id, boolean negate) {
        return user ? rule.uidOwner(id, negate) : rule.gidOwner(id, negate);
    }

    private static RuleBuilder out() {
        return rule(Table.NAT, Chains.OUTPUT_CAPTURE);
    }
}
