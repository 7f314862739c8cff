package dev.bollard.iptables;

import java.util.ArrayList;
import java.util.List;

/** The restore input per IP family for a config: what --dry-run prints and the golden files hold. */
public final class CapturePlan {
    private CapturePlan() {
    }

    /** IPv4 always, IPv6 only with --ipv6. */
    public static List<IpFamily> families(CaptureConfig config) {
        return config.ipv6() ? List.of(IpFamily.V4, IpFamily.V6) : List.of(IpFamily.V4);
    }

    /** Each family's restore input under a "# iptables-restore --noflush" header line. */
    public static String text(CaptureConfig config) {
        List<String> parts = new ArrayList<>();
        for (IpFamily family : families(config)) {
            parts.add(section(family, RestoreFormat.render(IptablesRules.of(config, family))));
        }
        return String.join("", parts);
    }

    static String section(IpFamily family, String restoreInput) {
        return "# " + family.command() + "-restore --noflush\n" + restoreInput;
    }
}
