package dev.bollard.iptables;

/** The kernel edge: read the current rules, load new ones, and the one lo address IPv6 needs. Tests use a recording fake. */
public interface Restorer {

    /** The output of iptables-save (or ip6tables-save). */
    String save(IpFamily family);

    /** Feeds {@code input} to iptables-restore --noflush (or ip6tables-restore): all or nothing. */
    void restore(IpFamily family, String input);

    /**
     * Adds (idempotently) or removes an address on lo. With IPv6 the proxy binds its inbound
     * passthrough connections to ::6, which, unlike 127.0.0.6, is not on lo by default.
     */
    void loopbackAddress(String cidr, boolean present);
}
