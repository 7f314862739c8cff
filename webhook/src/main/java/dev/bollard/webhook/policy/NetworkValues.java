package dev.bollard.webhook.policy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * IP addresses, CIDR ranges and ports as istiod reads them: a value with {@code /} is a prefix
 * (host bits allowed, as Go's {@code netip.ParsePrefix} allows them, but no IPv6 zone), otherwise a
 * single address ({@code netip.ParseAddr}: an IPv6 address may carry a zone, {@code fe80::1%eth0}).
 * A port is {@code strconv.ParseUint(v, 10, 32)} up to 65535: digits only, {@code 0} and leading
 * zeros included. Nothing here resolves names: only literals are parsed.
 */
final class NetworkValues {
    static final int MAX_PORT = 65535;
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final Pattern IPV4 = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final Pattern PREFIX_BITS = Pattern.compile("0|[1-9][0-9]{0,2}");

    private NetworkValues() {
    }

    static Optional<String> checkPort(String value) {
        return portNumber(value).isPresent() ? Optional.empty()
                : Optional.of("\"" + value + "\" is not a port number in 0.." + MAX_PORT);
    }

    static boolean isDigits(String value) {
        return DIGITS.matcher(value).matches();
    }

    /** The number a string of decimal digits stands for, when it is at most 65535 (leading zeros allowed). */
    static Optional<Integer> portNumber(String value) {
        if (!isDigits(value)) {
            return Optional.empty();
        }
        String significant = value.replaceFirst("^0+(?=.)", "");
        if (significant.length() > 5 || Integer.parseInt(significant) > MAX_PORT) {
            return Optional.empty();
        }
        return Optional.of(Integer.parseInt(significant));
    }

    static Optional<String> checkIpOrCidr(String value) {
        int slash = value.indexOf('/');
        if (slash < 0) {
            return addressBits(withoutZone(value)) > 0 ? Optional.empty()
                    : Optional.of("\"" + value + "\" is not an IP address or CIDR range");
        }
        if (value.substring(0, slash).contains("%")) {
            return Optional.of("\"" + value + "\" is not a valid CIDR range (an IPv6 zone is not allowed in a range)");
        }
        int bits = addressBits(value.substring(0, slash));
        String length = value.substring(slash + 1);
        if (bits > 0 && PREFIX_BITS.matcher(length).matches() && Integer.parseInt(length) <= bits) {
            return Optional.empty();
        }
        return Optional.of("\"" + value + "\" is not a valid CIDR range"
                + (bits > 0 ? " (prefix length must be 0.." + bits + ")" : ""));
    }

    /**
     * The address without its IPv6 zone ({@code fe80::1%eth0} → {@code fe80::1}); a zone after an
     * IPv4 address or an empty zone leaves a text that is no address, as netip refuses both.
     */
    private static String withoutZone(String text) {
        int percent = text.indexOf('%');
        if (percent < 0) {
            return text;
        }
        String address = text.substring(0, percent);
        return address.contains(":") && percent < text.length() - 1 ? address : text;
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
