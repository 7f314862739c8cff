package dev.bollard.iptables;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the effective capabilities from /proc/self/status, so a missing NET_ADMIN is reported
 * before anything is attempted instead of as a cryptic iptables error.
 */
final class Capabilities {
    static final int NET_ADMIN = 12;
    static final int NET_RAW = 13;

    private Capabilities() {
    }

    /** Names of the capabilities init-iptables needs that {@code procStatus}'s CapEff lacks. */
    static List<String> missing(String procStatus) {
        List<String> missing = new ArrayList<>();
        for (String line : procStatus.split("\n")) {
            if (line.startsWith("CapEff:")) {
                long effective = Long.parseUnsignedLong(line.substring("CapEff:".length()).strip(), 16);
                if ((effective & (1L << NET_ADMIN)) == 0) {
                    missing.add("NET_ADMIN");
                }
                if ((effective & (1L << NET_RAW)) == 0) {
                    missing.add("NET_RAW");
                }
            }
        }
        return missing;
    }
}
