package dev.bollard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the packaged bin/init-iptables inside a namespace, and checks iptables-save against goldens. */
final class InitIptablesCli {
    static final Path ROOT = Path.of(System.getProperty("bollard.repo.root", "../.."));
    private static final Path GOLDEN = ROOT.resolve("src/test/resources/golden");

    private InitIptablesCli() {
    }

    static Netns.Result run(Netns ns, String... args) {
        return run(ns, List.of(), args);
    }

    /** {@code prefix} wraps the launcher, e.g. setpriv to drop capabilities or env to change PATH. */
    static Netns.Result run(Netns ns, List<String> prefix, String... args) {
        List<String> command = new ArrayList<>(prefix);
        command.add(ROOT.resolve("bin/init-iptables").toString());
        command.addAll(List.of(args));
        return ns.exec(command.toArray(String[]::new));
    }

    /** Compares with src/test/resources/golden/NAME; -Dgolden.update=true rewrites it. */
    static void assertGolden(String name, String actual) throws IOException {
        Path golden = GOLDEN.resolve(name);
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(golden, actual);
        }
        assertEquals(Files.readString(golden), actual, name);
    }

    /** Both families' rules, normalised, as one text. */
    static String savedRules(Netns ns) {
        return "# iptables-save\n" + IptablesSaveText.normalise(ns.ok("iptables-save"))
                + "# ip6tables-save\n" + IptablesSaveText.normalise(ns.ok("ip6tables-save"));
    }
}
