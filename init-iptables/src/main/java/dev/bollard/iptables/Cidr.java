package dev.bollard.iptables;

import dev.bollard.iptables.CaptureValueException.Problem;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 network. Host bits are cleared and the address is written the way iptables-save
 * prints it ("10.0.0.0/8", "fd00::/8"), so generated rules compare equal to the kernel's view. A
 * bare address means a single host (/32 or /128).
 */
public record Cidr(byte[] network, int prefix) {

    public Cidr {
        if (network.length != 4 && network.length != 16) {
            throw new IllegalArgumentException("address must be IPv4 or IPv6");
        }
        if (prefix < 0 || prefix > network.length * 8) {
            throw new CaptureValueException(Problem.PREFIX_LENGTH_OUT_OF_RANGE, "/" + prefix,
                    "prefix length /" + prefix + " is out of range");
        }
        network = masked(network.clone(), prefix);
    }

    /**
     * A network as the capture flags take it: the prefix length is required, as Istio's injector
     * ({@code net.ParsePrefix}) requires it. A bare address is ambiguous between a host and a
     * forgotten prefix, and istio-iptables would silently skip it.
     */
    public static Cidr parseNetwork(String text) {
        String s = text.strip();
        if (s.indexOf('/') < 0) {
            literal(s, s);
            throw new CaptureValueException(Problem.NO_PREFIX_LENGTH, s, "'" + s + "' has no prefix length (did you mean "
                    + s + (s.contains(":") ? "/128" : "/32") + "?)");
        }
        return parse(s);
    }

    /** A network, or a bare address meaning a single host (/32 or /128). */
    public static Cidr parse(String text) {
        String s = text.strip();
        int slash = s.indexOf('/');
        String address = slash < 0 ? s : s.substring(0, slash);
        byte[] bytes = literal(address, s);
        int prefix = bytes.length * 8;
        if (slash >= 0) {
            String p = s.substring(slash + 1);
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                throw new CaptureValueException(Problem.BAD_PREFIX_LENGTH, s, "'" + s + "' has no valid prefix length");
            }
            prefix = Integer.parseInt(p);
        }
        try {
            return new Cidr(bytes, prefix);
        } catch (CaptureValueException e) {
            throw new CaptureValueException(e.problem(), s, e.getMessage());
        }
    }

    /** A copy: the record stays immutable. */
    @Override
    public byte[] network() {
        return network.clone();
    }

    public boolean isIpv6() {
        return network.length == 16;
    }

    public boolean isLoopback() {
        return isIpv6() ? toString().equals("::1/128") : (network[0] & 0xff) == 127;
    }

    /** Only literals are accepted: a host name would make InetAddress go to DNS. */
    private static byte[] literal(String address, String whole) {
        boolean v4 = address.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean v6 = address.contains(":") && address.matches("[0-9A-Fa-f:.]+");
        if (v4 && address.chars().filter(c -> c == '.').count() == 3) {
            for (String octet : address.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    throw notAnAddress(whole);
                }
            }
        }
        if (!v4 && !v6) {
            throw notAnAddress(whole);
        }
        try {
            byte[] bytes = InetAddress.getByName(address).getAddress();
            // Java turns IPv4-mapped IPv6 literals (::ffff:a.b.c.d) into IPv4; keep what was written
            return v6 && bytes.length == 4 ? mapped(bytes) : bytes;
        } catch (UnknownHostException e) {
            throw notAnAddress(whole);
        }
    }

    private static CaptureValueException notAnAddress(String whole) {
        return new CaptureValueException(Problem.NOT_AN_ADDRESS, whole, "'" + whole + "' is not an IP address or CIDR");
    }

    private static byte[] mapped(byte[] v4) {
        byte[] v6 = new byte[16];
        v6[10] = (byte) 0xff;
        v6[11] = (byte) 0xff;
        System.arraycopy(v4, 0, v6, 12, 4);
        return v6;
    }

    private static byte[] masked(byte[] bytes, int prefix) {
        for (int bit = prefix; bit < bytes.length * 8; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefix == prefix && java.util.Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Arrays.hashCode(network) + prefix;
    }

    @Override
    public String toString() {
        return (isIpv6() ? Ipv6Text.compressed(network) : v4Text()) + "/" + prefix;
    }

    private String v4Text() {
        return (network[0] & 0xff) + "." + (network[1] & 0xff) + "." + (network[2] & 0xff) + "." + (network[3] & 0xff);
    }
}
