package dev.bollard.webhook.policy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * IP addresses, CIDR ranges and ports as Istio accepts them: a value with {@code /} is a prefix
 * (host bits allowed, as Go's {@code netip.ParsePrefix} allows them), otherwise a single address.
 * Nothing here resolves names: only literals are parsed.
 */
final class NetworkValues {
    static final int MAX_PORT = 65535;
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");
    private static final Pattern IPV4 = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final Pattern PREFIX_BITS = Pattern.compile("0|[1-9][0-9]{0,2}");

    private NetworkValues() {
    }

    static Optional<String> checkPort(String value) {
        if (PORT.matcher(value).matches()) {
            int port = Integer.parseInt(value);
            if (port >= 1 && port <= MAX_PORT) {
                return Optional.empty();
            }
        }
        return Optional.of("\"" + value + "\" is not a port number in 1.." + MAX_PORT);
    }

    static Optional<String> checkIpOrCidr(String value) {
        int slash = value.indexOf('/');
        if (slash < 0) {
            return addressBits(value) > 0 ? Optional.empty()
                    : Optional.of("\"" + value + "\" is not an IP address or CIDR range");
        }
        int bits = addressBits(value.substring(0, slash));
        String length = value.substring(slash + 1);
        if (bits > 0 && PREFIX_BITS.matcher(length).matches() && Integer.parseInt(length) <= bits) {
            return Optional.empty();
        }
        return Optional.of("\"" + value + "\" is not a valid CIDR range"
                + (bits > 0 ? " (prefix length must be 0.." + bits + ")" : ""));
    }

    /** 32 for an IPv4 literal, 128 for an IPv6 literal, 0 for anything else. */
    private static int addressBits(String text) {
        if (IPV4.matcher(text).matches()) {
            for (String octet : text.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    return 0;
                }
            }
            return 32;
        }
        // InetAddress parses a literal only when it starts with a hex digit or ':'; anything else
        // (".:") it hands to the resolver, a DNS lookup per value in what must stay a pure check
        boolean literal = !text.isEmpty() && (Character.digit(text.charAt(0), 16) >= 0 || text.charAt(0) == ':');
        if (literal && text.contains(":") && IPV6_CHARS.matcher(text).matches()) {
            try {
                InetAddress.getByName(text);
                return 128;
            } catch (UnknownHostException e) {
                return 0;
            }
        }
        return 0;
    }
}
