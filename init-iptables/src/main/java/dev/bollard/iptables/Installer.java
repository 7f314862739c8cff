package dev.bollard.iptables;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies or removes the capture rules through a {@link Restorer}. Each family is one
 * iptables-restore transaction that first removes any earlier copy of our rules, so a re-run
 * leaves one copy and a failed restore changes nothing. If IPv6 fails after IPv4 succeeded, the
 * IPv4 rules are removed again: a pod is either fully captured or not at all. With IPv6, ::6 is
 * added to lo first, as istio-iptables does, and removed again by --cleanup --ipv6.
 */
final class Installer {
    private final Restorer restorer;
    private final PrintStream log;

    Installer(Restorer restorer, PrintStream log) {
        this.restorer = restorer;
        this.log = log;
    }

    void install(CaptureConfig config) {
        if (config.ipv6()) {
            // before any rule: if it fails, nothing has changed yet
            restorer.loopbackAddress(IpFamily.V6.inboundPassthroughSource(), true);
        }
        List<IpFamily> done = new ArrayList<>();
        for (IpFamily family : CapturePlan.families(config)) {
            String input = RestoreFormat.render(IptablesRules.of(config, family), current(family));
            try {
                restorer.restore(family, input);
            } catch (IptablesException e) {
                done.forEach(this::removeQuietly);
                throw e;
            }
            done.add(family);
            log.print(CapturePlan.section(family, input));
        }
    }

    /** Removes our chains and jumps; IPv6 is skipped when ip6tables is absent and --ipv6 was not given. */
    void cleanup(boolean ipv6) {
        remove(IpFamily.V4);
        try {
            remove(IpFamily.V6);
        } catch (IptablesException e) {
            if (ipv6) {
                throw e;
            }
            log.println("# ip6tables not usable, IPv6 cleanup skipped: " + e.getMessage());
        }
        if (ipv6) {
            restorer.loopbackAddress(IpFamily.V6.inboundPassthroughSource(), false);
        }
    }

    /** What --cleanup would feed to iptables-restore, for --cleanup --dry-run. */
    String cleanupText(boolean ipv6) {
        StringBuilder out = new StringBuilder();
        for (IpFamily family : ipv6 ? List.of(IpFamily.V4, IpFamily.V6) : List.of(IpFamily.V4)) {
            out.append(CapturePlan.section(family, RestoreFormat.cleanup(current(family))));
        }
        return out.toString();
    }

    private void remove(IpFamily family) {
        String input = RestoreFormat.cleanup(current(family));
        if (input.isEmpty()) {
            log.println("# " + family.command() + ": nothing of ours to remove");
            return;
        }
        restorer.restore(family, input);
        log.print(CapturePlan.section(family, input));
    }

    private void removeQuietly(IpFamily family) {
        try {
            remove(family);
        } catch (IptablesException e) {
            log.println("# could not roll back " + family.command() + " rules: " + e.getMessage());
        }
    }

    private SavedRules current(IpFamily family) {
        return SavedRules.parse(restorer.save(family));
    }
}
