package dev.bollard.webhook.mesh;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Comparator;

/** IP literals: validation without DNS, one canonical spelling, and numeric order for the feed. */
public final class IpAddresses {
    /** IPv4 before IPv6, then by address bytes, so 10.0.0.9 sorts before 10.0.0.10. */
    public static final Comparator<String> NUMERIC = Comparator.comparing(IpAddresses::bytes, IpAddresses::compareBytes);

    private IpAddresses() {
    }

    public static boolean isLiteral(String value) {
        try {
            bytes(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The address as {@link InetAddress#getHostAddress()} spells it; throws for anything but a literal. */
    public static String canonical(String value) {
        try {
            return InetAddress.getByAddress(bytes(value)).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + value + "' is not an IP address", e);
        }
    }

    private static byte[] bytes(String value) {
        // only literals: a name here must never trigger a DNS lookup
        boolean literal = value != null && !value.isEmpty()
                && (value.indexOf(':') >= 0 ? value.matches("[0-9a-fA-F:.]+") : value.matches("\\d{1,3}(\\.\\d{1,3}){3}"));
        if (literal) {
            try {
                return InetAddress.getByName(value).getAddress();
            } catch (UnknownHostException e) {
                // fall through
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not an IP address");
    }

    private static int compareBytes(byte[] a, byte[] b) {
        if (a.length != b.length) {
            return Integer.compare(a.length, b.length);
        }
        return java.util.Arrays.compareUnsigned(a, b);
    }
}
