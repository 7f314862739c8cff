package dev.bollard.e2e;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/** A throwaway network namespace driven through the ip command; close() always deletes it. */
final class Netns implements AutoCloseable {
    /** Every namespace these tests create starts with this, so a leftover is easy to spot and remove. */
    static final String PREFIX = "bollard-t-";

    final String name;

    private Netns(String name) {
        this.name = name;
    }

    static Netns create(String role) {
        String name = PREFIX + ProcessHandle.current().pid() + "-" + role;
        run(List.of("ip", "netns", "del", name)); // a leftover of a killed run with the same pid
        run(List.of("ip", "netns", "add", name)).requireSuccess("ip netns add " + name);
        Netns ns = new Netns(name);
        ns.ok("ip", "link", "set", "lo", "up");
        return ns;
    }

    /** Skips the test class, loudly, where namespaces cannot be created: the proof did not run. */
    static void assumePermitted(Class<?> testClass) {
        boolean permitted = permitted();
        if (!permitted) {
            System.err.println("\n*** SKIPPED " + testClass.getSimpleName() + ": 'ip netns add' is not permitted"
                    + " here (needs root).\n*** The real-kernel capture proof did NOT run. Run 'make test' as root.\n");
        }
        Assumptions.assumeTrue(permitted, "ip netns add is not permitted (needs root)");
    }

    /** True where this process may create namespaces (root with CAP_SYS_ADMIN). */
    static boolean permitted() {
        String probe = PREFIX + ProcessHandle.current().pid() + "-probe";
        try {
            boolean ok = run(List.of("ip", "netns", "add", probe)).exitCode() == 0;
            run(List.of("ip", "netns", "del", probe));
            return ok;
        } catch (AssertionError noIpCommand) {
            return false;
        }
    }

    /**
     * Deletes namespaces, and their /etc/netns entries, left by test JVMs that died before
     * close() ran (kill -9, a killed CI job). The name carries the creator's pid; a live pid's
     * namespaces are never touched, so parallel runs are safe.
     */
    static void removeLeftovers() {
        List<String> names = new ArrayList<>(run(List.of("ip", "netns", "list")).stdout().lines()
                .map(line -> line.split(" ")[0]).toList());
        java.io.File[] etc = new java.io.File("/etc/netns").listFiles();
        for (java.io.File dir : etc == null ? new java.io.File[0] : etc) {
            names.add(dir.getName());
        }
        for (String name : names) {
            String[] parts = name.startsWith(PREFIX) ? name.substring(PREFIX.length()).split("-", 2) : new String[0];
            if (parts.length == 2 && parts[0].matches("[0-9]+") && ProcessHandle.of(Long.parseLong(parts[0])).isEmpty()) {
                run(List.of("ip", "netns", "del", name));
                run(List.of("rm", "-rf", "/etc/netns/" + name));
            }
        }
    }

    /** Runs a command inside the namespace. */
    Processes.Result exec(String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(List.of(command));
        return run(full);
    }

    /** Runs a command inside the namespace and fails the test if it exits non-zero. */
    String ok(String... command) {
        return exec(command).requireSuccess(String.join(" ", command) + " in " + name).stdout();
    }

    /** Like {@link #ok(String...)}, with {@code stdin} fed to the command. */
    String okWithInput(String stdin, String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(List.of(command));
        return Processes.run(full, stdin, 30).requireSuccess(String.join(" ", command) + " in " + name).stdout();
    }

    ProcessBuilder builder(String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(List.of(command));
        return new ProcessBuilder(full);
    }

    @Override
    public void close() {
        run(List.of("ip", "netns", "del", name));
    }

    static Processes.Result run(List<String> command) {
        return Processes.run(command, null, 30);
    }
}
