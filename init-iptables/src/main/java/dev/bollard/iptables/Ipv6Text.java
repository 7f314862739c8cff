package dev.bollard.iptables;

/** RFC 5952 text for an IPv6 address: the spelling ip6tables-save uses ("fd00::/8", "::1"). */
final class Ipv6Text {
    private Ipv6Text() {
    }

    static String compressed(byte[] address) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((address[2 * i] & 0xff) << 8) | (address[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1; // a single zero group is not compressed (RFC 5952 4.2.2)
        for (int i = 0; i < 8; i++) {
            int length = 0;
            while (i + length < 8 && groups[i + length] == 0) {
                length++;
            }
            if (length > bestLength) {
                bestStart = i;
                bestLength = length;
            }
        }
        StringBuilder out = new StringBuilder();
        // like glibc inet_ntop: IPv4-compatible (::a.b.c.d) and IPv4-mapped (::ffff:a.b.c.d) keep dotted quads
        if (bestStart == 0 && (bestLength == 6 || (bestLength == 5 && groups[5] == 0xffff))) {
            return (bestLength == 5 ? "::ffff:" : "::") + (address[12] & 0xff) + "." + (address[13] & 0xff)
                    + "." + (address[14] & 0xff) + "." + (address[15] & 0xff);
        }
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }
}
