package dev.bollard.iptables;

import java.util.List;

/**
 * The values of the capture flags, parsed exactly as {@link CaptureFlags} parses them. This is
 * the one parser for them: the webhook calls it to admit a pod's traffic annotations, so a value
 * it admits is a value {@code istio-init} runs with, and a pod cannot pass admission and then
 * crash-loop in its init container. Pure: no I/O, and a bad value is a
 * {@link CaptureValueException}.
 *
 * <p>Lists are comma-separated; blanks around an entry are ignored, an empty entry is refused
 * (Istio's injector refuses "80,,90" too), duplicates are dropped and order is kept. An empty
 * or blank value is the empty list.
 */
public final class CaptureValues {

    private CaptureValues() {
    }

    /** {@code *} (every port) or a list of ports and ranges ("8080", "8000-8999", "8000:8999"). */
    public static PortSelection portSelection(String text) {
        return PortSelection.parse(text);
    }

    /** A list of ports and ranges; {@code *} is refused. */
    public static List<PortRange> ports(String text) {
        return ListValues.ports(text);
    }

    /** {@code *} (every destination) or a list of networks, each with its prefix length. */
    public static IpRangeSelection ipRanges(String text) {
        return IpRangeSelection.parse(text);
    }

    /**
     * A list of IPv4 and IPv6 networks. The prefix length is required, as Istio's injector
     * requires it ({@code net.ParsePrefix}): "10.0.0.1" alone is refused, not read as /32.
     */
    public static List<Cidr> cidrs(String text) {
        return ListValues.cidrs(text);
    }

    /** A list of Linux interface names; a trailing {@code +} is iptables' prefix match. */
    public static List<String> interfaces(String text) {
        return ListValues.interfaces(text);
    }

    /** One port, no range: the capture ports. */
    public static int port(String text) {
        PortRange range = PortRange.parse(text);
        if (range.low() != range.high()) {
            throw new IllegalArgumentException("expected one port, got the range '" + text.strip() + "'");
        }
        return range.low();
    }

    /** A numeric user or group id (0-4294967295). */
    public static long id(String text) {
        String s = text.strip();
        if (s.isEmpty() || s.length() > 10 || !s.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("'" + s + "' is not a numeric id");
        }
        long id = Long.parseLong(s);
        if (id > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(s + " is larger than 4294967295");
        }
        return id;
    }
}
