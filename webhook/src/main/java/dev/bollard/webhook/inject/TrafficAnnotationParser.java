package dev.bollard.webhook.inject;

import java.util.List;
import java.util.function.Function;

import dev.bollard.iptables.CaptureValueException;
import dev.bollard.iptables.CaptureValues;
import dev.bollard.iptables.IpFamily;
import dev.bollard.iptables.IpRangeSelection;
import dev.bollard.iptables.PortRange;

/**
 * Reads the comma-separated lists of Istio's traffic annotations with init-iptables' own parser
 * ({@link CaptureValues}), so admission accepts a value exactly when {@code istio-init} will: a
 * second set of rules here would drift, and a pod would pass admission and then crash-loop in
 * its init container. Only the wording of a denial is the webhook's: it names the annotation,
 * because a typo here silently moves traffic in or out of the mesh.
 */
final class TrafficAnnotationParser {
    static final String WILDCARD = "*";

    private TrafficAnnotationParser() {
    }

    /** A port list, {@code *} too when allowed; returns the list as the init container's flag takes it. */
    static String ports(String annotation, String value, boolean wildcardAllowed) {
        return parse(annotation, value, "list the ports",
                wildcardAllowed ? v -> CaptureValues.portSelection(v).toString() : v -> join(CaptureValues.ports(v)));
    }

    /** A port list as ranges, for merging with the proxy's own ports; {@code *} is refused. */
    static List<PortRange> portList(String annotation, String value) {
        return parse(annotation, value, "list the ports", CaptureValues::ports);
    }

    /** A list of networks (IPv4 and IPv6), {@code *} too when allowed. */
    static IpRangeSelection cidrs(String annotation, String value, boolean wildcardAllowed) {
        return parse(annotation, value, "list CIDRs", wildcardAllowed ? CaptureValues::ipRanges
                : v -> new IpRangeSelection(false, CaptureValues.cidrs(v)));
    }

    /**
     * The ranges {@link #cidrs} accepted, as the pod wrote them (entries trimmed and lower-cased,
     * repeats dropped):
     * Istio's injector passes the annotation on to istio-init as it is, host bits and all
     * ({@code 10.96.0.1/24}), and iptables clears them. Rewriting them would make two entries
     * that differ only in host bits one.
     */
    static String asWritten(String value) {
        String trimmed = value.strip();
        if (trimmed.equals("*")) {
            return trimmed;
        }
        java.util.Set<String> entries = new java.util.LinkedHashSet<>();
        for (String entry : trimmed.split(",")) {
            if (!entry.isBlank()) {
                entries.add(entry.strip().toLowerCase(java.util.Locale.ROOT));
            }
        }
        return String.join(",", entries);
    }

    /** Network interface names. */
    static String interfaces(String annotation, String value) {
        return parse(annotation, value, "list interface names", v -> String.join(",", CaptureValues.interfaces(v)));
    }

    /** Whether a selection names an IPv6 network, which only ip6tables rules can honour. */
    static boolean namesIpv6(IpRangeSelection selection) {
        return !selection.of(IpFamily.V6).isEmpty();
    }

    static String join(List<PortRange> ports) {
        return String.join(",", ports.stream().map(PortRange::toString).toList());
    }

    private static <T> T parse(String annotation, String value, String listHint, Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (CaptureValueException e) {
            throw new InvalidAnnotationException(annotation, value, problem(e, listHint));
        }
    }

    /** init-iptables' refusal in the words admission denials have always used. */
    private static String problem(CaptureValueException e, String listHint) {
        String item = e.item();
        if (WILDCARD.equals(item)) {
            return "\"*\" is not allowed here; " + listHint;
        }
        return switch (e.problem()) {
            case NOT_A_PORT -> "\"" + item + "\" is not a port number (1-65535)";
            case PORT_OUT_OF_RANGE -> "port " + item + " is outside 1-65535";
            case REVERSED_PORT_RANGE -> "port range " + item + " ends before it starts";
            case EMPTY_ENTRY -> "the list has an empty entry (a doubled or trailing comma)";
            case NOT_AN_ADDRESS -> "\"" + item + "\" is not a CIDR: not an IP address";
            case NO_PREFIX_LENGTH -> "\"" + item + "\" is not a CIDR (did you mean " + item
                    + (item.contains(":") ? "/128" : "/32") + "?)";
            case BAD_PREFIX_LENGTH -> "\"" + item + "\" is not a CIDR: bad prefix length";
            case PREFIX_LENGTH_OUT_OF_RANGE -> "\"" + item + "\" is not a CIDR: its prefix length is outside 0-"
                    + (item.contains(":") ? 128 : 32);
            case NOT_AN_INTERFACE -> "\"" + item + "\" is not a network interface name";
        };
    }
}
