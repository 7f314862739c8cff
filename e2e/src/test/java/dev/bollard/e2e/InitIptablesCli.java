package dev.bollard.e2e;

import java.util.ArrayList;
import java.util.List;

import dev.bollard.golden.Golden;

/** Runs the packaged bin/init-iptables inside a namespace and reads back what the kernel holds. */
final class InitIptablesCli {
    private InitIptablesCli() {
    }

    static Processes.Result run(Netns ns, String... args) {
        return run(ns, List.of(), args);
    }

    /** {@code prefix} wraps the launcher, e.g. setpriv to drop capabilities or env to change PATH. */
    static Processes.Result run(Netns ns, List<String> prefix, String... args) {
        List<String> command = new ArrayList<>(prefix);
        command.add(Repo.bin("init-iptables").toString());
        command.addAll(List.of(args));
        return ns.exec(command.toArray(String[]::new));
    }

    /** Golden files of one netns scenario: e2e/src/test/resources/golden/SCENARIO/. */
    static Golden golden(String scenario) {
        return Golden.in(Repo.testResources().resolve("golden").resolve(scenario));
    }

    /** Both families' rules, normalised, as one text. */
    static String savedRules(Netns ns) {
        return "# iptables-save\n" + IptablesSaveText.normalise(ns.ok("iptables-save"))
                + "# ip6tables-save\n" + IptablesSaveText.normalise(ns.ok("ip6tables-save"));
    }
}
