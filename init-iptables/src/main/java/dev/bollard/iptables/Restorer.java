package dev.bollard.iptables;

/** The kernel edge: read the current rules and load new ones. Tests use a recording fake. */
public interface Restorer {

    /** The output of iptables-save (or ip6tables-save). */
    String save(IpFamily family);

    /** Feeds {@code input} to iptables-restore --noflush (or ip6tables-restore): all or nothing. */
    void restore(IpFamily family, String input);
}
