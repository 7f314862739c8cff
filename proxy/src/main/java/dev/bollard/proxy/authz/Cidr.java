package dev.bollard.proxy.authz;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An {@code ipBlocks} / {@code source.ip} value: a CIDR or a bare address (a /32 or /128), parsed
 * as istiod does (Go's netip: no leading zeros, no zone, host bits may be set). An address of the
 * other family never matches, as in Envoy's CidrRange. Compared by reference: only matched, never keyed.
 */
record Cidr(byte[] network, int prefix) {
    static Cidr parse(String text) {
        int slash = text.indexOf('/');
        String ip = slash < 0 ? text : text.substring(0, slash);
        byte[] address = address(ip);
        if (address == null) {
            throw new IllegalArgumentException("'" + text + "' is not a CIDR or IP address");
        }
        int max = address.length * 8;
        if (slash < 0) {
            return new Cidr(address, max);
        }
        String bits = text.substring(slash + 1);
        int prefix = bits.isEmpty() || bits.length() > 3 || !bits.chars().allMatch(Character::isDigit) ? -1 : Integer.parseInt(bits);
        if (prefix < 0 || prefix > max || bits.length() > 1 && bits.charAt(0) == '0') {
            throw new IllegalArgumentException("'" + text + "' is not a CIDR");
        }
        return new Cidr(address, prefix);
    }

    boolean contains(InetAddress candidate) {
        if (candidate == null) {
            return false;
        }
        byte[] bytes = candidate.getAddress();
        if (bytes.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (bytes[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (bytes[full] & mask) == (network[full] & mask);
    }

    /** The address bytes of an IPv4 or IPv6 literal, or null; never a DNS lookup. */
    private static byte[] address(String ip) {
        if (ip.indexOf(':') < 0) {
            return ipv4(ip);
        }
        if (!ip.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
            return null; // also refuses zones (%eth0) and brackets, as netip does
        }
        try {
            InetAddress parsed = InetAddress.getByName(ip); // contains ':' and only hex: parsed, never resolved
            // the JDK turns ::ffff:a.b.c.d into an IPv4 address; netip keeps it IPv6, so keep 16 bytes
            return parsed instanceof Inet6Address ? parsed.getAddress() : mapped(parsed.getAddress());
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static byte[] ipv4(String ip) {
        String[] parts = ip.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')
                    || p.length() > 1 && p.charAt(0) == '0') {
                return null;
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return null;
            }
            out[i] = (byte) v;
        }
        return out;
    }

    private static byte[] mapped(byte[] v4) {
        byte[] out = new byte[16];
        out[10] = (byte) 0xff;
        out[11] = (byte) 0xff;
        System.arraycopy(v4, 0, out, 12, 4);
        return out;
    }
}
