package dev.bollard.iptables;

import java.util.Set;

/** Chain names, the same as istio-iptables' so that a platform engineer recognises them. */
public final class Chains {
    public static final String PREROUTING = "PREROUTING";
    public static final String OUTPUT = "OUTPUT";

    /** Inbound TCP: exclusions, then the jump to {@link #IN_REDIRECT}. Also raw-table DNS zones. */
    public static final String INBOUND = "ISTIO_INBOUND";
    /** REDIRECT to the inbound capture port (15006). */
    public static final String IN_REDIRECT = "ISTIO_IN_REDIRECT";
    /** Outbound traffic: proxy and loopback exclusions, then the jump to {@link #REDIRECT}. */
    public static final String OUTPUT_CAPTURE = "ISTIO_OUTPUT";
    /** REDIRECT to the outbound capture port (15001). */
    public static final String REDIRECT = "ISTIO_REDIRECT";
    /** DNS to the agent's DNS proxy (nat) and its conntrack zones (raw). */
    public static final String OUTPUT_DNS = "ISTIO_OUTPUT_DNS";

    /** Every chain this tool may create: what --cleanup and re-runs remove. */
    public static final Set<String> OWNED = Set.of(INBOUND, IN_REDIRECT, OUTPUT_CAPTURE, REDIRECT, OUTPUT_DNS);

    private Chains() {
    }
}
