package dev.bollard.webhook.inject;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 network in CIDR notation, as Istio's traffic annotations take it. The prefix
 * is required (Istio's validation requires it too): {@code 10.0.0.1} alone is ambiguous between
 * a host and a typo, so the message suggests {@code /32}.
 *
 * @param ip the address as written, lower-cased
 */
public record Cidr(String ip, InetAddress address, int prefixLength) {
    // literal characters only: InetAddress.getByName must never fall back to a DNS lookup
    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");

    public Cidr {
        int max = address.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException("prefix length /" + prefixLength + " is outside 0-" + max);
        }
    }

    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("\"" + text + "\" is not a CIDR (did you mean " + text
                    + (text.contains(":") ? "/128" : "/32") + "?)");
        }
        String ip = text.substring(0, slash);
        String prefix = text.substring(slash + 1);
        if (!LITERAL.matcher(ip).matches() || (!ip.contains(":") && !IPV4.matcher(ip).matches())) {
            throw new IllegalArgumentException("\"" + text + "\" is not a CIDR: \"" + ip + "\" is not an IP address");
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not a CIDR: \"" + ip + "\" is not an IP address");
        }
        int length;
        try {
            length = Integer.parseInt(prefix);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not a CIDR: bad prefix length \"" + prefix + "\"");
        }
        try {
            return new Cidr(ip.toLowerCase(java.util.Locale.ROOT), address, length);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not a CIDR: " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        // as the user wrote it (lower-cased): Java's long IPv6 form would only confuse a reader
        return ip + "/" + prefixLength;
    }
}
