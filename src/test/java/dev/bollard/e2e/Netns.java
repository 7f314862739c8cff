package dev.bollard.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
        Result r = run(List.of("ip", "netns", "add", name));
        if (r.exit() != 0) {
            throw new IllegalStateException("ip netns add " + name + ": " + r.stderr());
        }
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
        boolean ok = run(List.of("ip", "netns", "add", probe)).exit() == 0;
        run(List.of("ip", "netns", "del", probe));
        return ok;
    }

    /** Runs a command inside the namespace. */
    Result exec(String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(List.of(command));
        return run(full);
    }

    /** Runs a command inside the namespace and fails the test if it exits non-zero. */
    String ok(String... command) {
        Result r = exec(command);
        if (r.exit() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " in " + name + " exited " + r.exit()
                    + ": " + r.stderr() + r.stdout());
        }
        return r.stdout();
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

    record Result(int exit, String stdout, String stderr) {
    }

    static Result run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).start();
            p.getOutputStream().close();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p, true));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p, false));
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, out.getNow(""), "timed out: " + command);
            }
            return new Result(p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            return new Result(-1, "", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "", e.toString());
        }
    }

    private static String read(Process p, boolean stdout) {
        try {
            return new String((stdout ? p.getInputStream() : p.getErrorStream()).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
