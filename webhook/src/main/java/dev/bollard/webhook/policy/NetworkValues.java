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
    // scanners, not regexes: a 3 MiB list holds 400,000 values, each checked once
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    private NetworkValues() {
    }

    static Optional<String> checkPort(String value) {
        return portNumber(value).isPresent() ? Optional.empty()
                : Optional.of("\"" + value + "\" is not a port number in 0.." + MAX_PORT);
    }

    static boolean isDigits(String value) {
        if (value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** A decimal number without leading zeros ({@code 0}, {@code 7}, {@code 255}), of at most {@code maxDigits} digits. */
    private static boolean isCanonicalNumber(String text, int maxDigits) {
        return isDigits(text) && text.length() <= maxDigits && (text.length() == 1 || text.charAt(0) != '0');
    }

    /** The number a string of decimal digits stands for, when it is at most 65535 (leading zeros allowed). */
    static Optional<Integer> portNumber(String value) {
        if (!isDigits(value)) {
            return Optional.empty();
        }
        int first = 0;
        while (first < value.length() - 1 && value.charAt(first) == '0') {
            first++;
        }
        if (value.length() - first > 5) {
            return Optional.empty();
        }
        int port = Integer.parseInt(value, first, value.length(), 10);
        return port > MAX_PORT ? Optional.empty() : Optional.of(port);
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
        if (bits > 0 && isCanonicalNumber(length, 3) && Integer.parseInt(length) <= bits) {
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

    /** Four dot-separated octets 0..255 without leading zeros, as netip.ParseAddr takes them. */
    private static boolean isIpv4(String text) {
        int start = 0;
        for (int octet = 0; octet < 4; octet++) {
            int dot = text.indexOf('.', start);
            int end = octet < 3 ? dot : text.length();
            if (end < 0 || octet == 3 && dot >= 0) {
                return false;
            }
            String part = text.substring(start, end);
            if (!isCanonicalNumber(part, 3) || Integer.parseInt(part) > 255) {
                return false;
            }
            start = end + 1;
        }
        return true;
    }

    /** 32 for an IPv4 literal, 128 for an IPv6 literal, 0 for anything else. */
    private static int addressBits(String text) {
        if (isIpv4(text)) {
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
