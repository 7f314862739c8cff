package dev.bollard.iptables;

import java.util.List;

/**
 * What to capture. Built from the flags by {@link CaptureFlags#parse(String...)}; the rules are a
 * pure function of it ({@link IptablesRules#of(CaptureConfig, IpFamily)}).
 *
 * @param outboundCapturePort     where outbound TCP is redirected (Envoy's virtualOutbound), default 15001
 * @param inboundCapturePort      where inbound TCP is redirected (virtualInbound), default 15006
 * @param proxyUid                the proxy's user id, never captured, default 1337
 * @param proxyGid                the proxy's group id, never captured, default 1337
 * @param includeInboundPorts     inbound ports to capture; "*" all, empty none
 * @param excludeInboundPorts     inbound ports never captured; always contains 15020, 15021 and 15090
 * @param includeOutboundIpRanges outbound destinations to capture; "*" all, empty none
 * @param excludeOutboundIpRanges outbound destinations never captured
 * @param excludeOutboundPorts    outbound destination ports never captured (TCP and UDP)
 * @param includeOutboundPorts    outbound destination ports captured whatever the destination IP
 * @param excludeInterfaces       interfaces whose traffic is never captured
 * @param rerouteInterfaces       interfaces of VMs in the pod (KubeVirt): what arrives there is captured as outbound
 * @param ipv6                    also write ip6tables rules, default false
 * @param captureDns              redirect DNS (port 53, UDP and TCP) to the agent's DNS proxy on 15053
 */
public record CaptureConfig(
        int outboundCapturePort,
        int inboundCapturePort,
        long proxyUid,
        long proxyGid,
        PortSelection includeInboundPorts,
        List<PortRange> excludeInboundPorts,
        IpRangeSelection includeOutboundIpRanges,
        List<Cidr> excludeOutboundIpRanges,
        List<PortRange> excludeOutboundPorts,
        List<PortRange> includeOutboundPorts,
        List<String> excludeInterfaces,
        List<String> rerouteInterfaces,
        boolean ipv6,
        boolean captureDns) {

    /** Proxy status (15020), health (15021) and Prometheus (15090) must reach the proxy itself. */
    public static final List<PortRange> ALWAYS_EXCLUDED_INBOUND =
            List.of(PortRange.of(15020), PortRange.of(15021), PortRange.of(15090));

    public CaptureConfig {
        PortRange.of(outboundCapturePort);
        PortRange.of(inboundCapturePort);
        if (proxyUid < 0 || proxyUid > 0xFFFF_FFFFL || proxyGid < 0 || proxyGid > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("proxy uid and gid must be between 0 and 4294967295");
        }
        excludeInboundPorts = ListValues.union(excludeInboundPorts, ALWAYS_EXCLUDED_INBOUND);
        excludeOutboundIpRanges = List.copyOf(excludeOutboundIpRanges);
        excludeOutboundPorts = List.copyOf(excludeOutboundPorts);
        includeOutboundPorts = List.copyOf(includeOutboundPorts);
        excludeInterfaces = List.copyOf(excludeInterfaces);
        rerouteInterfaces = List.copyOf(rerouteInterfaces);
    }

    /** The defaults of every flag: capture all inbound and all outbound TCP, IPv4 only. */
    public static CaptureConfig defaults() {
        return CaptureFlags.parse();
    }
}
