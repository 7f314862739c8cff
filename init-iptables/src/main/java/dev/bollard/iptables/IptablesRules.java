package dev.bollard.iptables;

import static dev.bollard.iptables.RuleBuilder.rule;

import java.util.ArrayList;
import java.util.List;

/**
 * The whole capture policy: config in, rules out, no I/O. The order follows istio-iptables
 * (tools/istio-iptables/pkg/capture/run.go) so its documentation and debugging habits carry over:
 * redirect chains, inbound, outbound, DNS.
 */
public final class IptablesRules {
    /** Istio's HBONE tunnel port: the proxy terminates it itself, so it is never redirected. */
    static final int INBOUND_TUNNEL_PORT = 15008;

    private IptablesRules() {
    }

    public static List<Rule> of(CaptureConfig config, IpFamily family) {
        List<Rule> rules = new ArrayList<>();
        rules.add(rule(Table.NAT, Chains.REDIRECT).protocol("tcp")
                .jump("REDIRECT", "--to-ports", Integer.toString(config.outboundCapturePort())));
        rules.add(rule(Table.NAT, Chains.IN_REDIRECT).protocol("tcp")
                .jump("REDIRECT", "--to-ports", Integer.toString(config.inboundCapturePort())));
        // before the inbound jump, which would otherwise take the VM's outbound for inbound
        rules.addAll(OutboundRules.rerouted(config, family));
        rules.addAll(InboundRules.of(config));
        rules.addAll(OutboundRules.of(config, family));
        if (config.captureDns()) {
            rules.addAll(DnsRules.of(config));
        }
        return List.copyOf(rules);
    }
}
