package dev.bollard.iptables;

/** The two rule sets: iptables for IPv4, ip6tables for IPv6, each with its own loopback spellings. */
public enum IpFamily {
    V4("iptables", "127.0.0.1/32", "127.0.0.6/32"),
    V6("ip6tables", "::1/128", "::6/128");

    private final String command;
    private final String loopback;
    private final String inboundPassthroughSource;

    IpFamily(String command, String loopback, String inboundPassthroughSource) {
        this.command = command;
        this.loopback = loopback;
        this.inboundPassthroughSource = inboundPassthroughSource;
    }

    /** "iptables" or "ip6tables"; "-restore" and "-save" are appended for the tools. */
    public String command() {
        return command;
    }

    /** The host loopback address that is never captured. */
    String loopback() {
        return loopback;
    }

    /** The proxy binds its inbound passthrough connections to this source (Istio's 127.0.0.6). */
    public String inboundPassthroughSource() {
        return inboundPassthroughSource;
    }
}
