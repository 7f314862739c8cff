package dev.bollard.iptables;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/** Runs the real iptables-save and iptables-restore --noflush (or their ip6tables twins). */
final class ProcessRestorer implements Restorer {
    static final String NEEDS_CAPABILITIES = "init-iptables needs NET_ADMIN and NET_RAW";
    private static final List<String> PERMISSION_ERRORS =
            List.of("permission denied", "operation not permitted", "you must be root");

    private final String v4Command;
    private final String v6Command;

    ProcessRestorer() {
        this(IpFamily.V4.command(), IpFamily.V6.command());
    }

    /** Tool name stems, e.g. "iptables" and "ip6tables"; "-save" and "-restore" are appended. */
    ProcessRestorer(String v4Command, String v6Command) {
        this.v4Command = v4Command;
        this.v6Command = v6Command;
    }

    @Override
    public String save(IpFamily family) {
        return run(List.of(stem(family) + "-save"), null);
    }

    @Override
    public void restore(IpFamily family, String input) {
        run(List.of(stem(family) + "-restore", "--noflush"), input);
    }

    @Override
    public void loopbackAddress(String cidr, boolean present) {
        try {
            run(List.of("ip", "addr", present ? "replace" : "del", cidr, "dev", "lo"), null);
        } catch (IptablesException e) {
            // deleting an address that is not there is the state we want
            if (present || !e.getMessage().contains("Cannot assign requested address")) {
                throw e;
            }
        }
    }

    private String stem(IpFamily family) {
        return family == IpFamily.V4 ? v4Command : v6Command;
    }

    private static String run(List<String> command, String stdin) {
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            String tool = command.get(0);
            throw new IptablesException(tool + " not found: install " + (tool.equals("ip") ? "iproute2" : "iptables")
                    + " in the init image, or put it on PATH (" + e.getMessage() + ")", e);
        }
        try {
            CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> read(process, true));
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process, false));
            try (OutputStream in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            int exit = process.waitFor();
            String errors = stderr.join().strip();
            if (exit != 0) {
                throw failure(command.get(0), exit, errors);
            }
            return stdout.join();
        } catch (IOException e) {
            throw new IptablesException("run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IptablesException("interrupted while running " + command.get(0), e);
        }
    }

    static IptablesException failure(String tool, int exit, String stderr) {
        String lower = stderr.toLowerCase(Locale.ROOT);
        if (PERMISSION_ERRORS.stream().anyMatch(lower::contains)) {
            return new IptablesException(NEEDS_CAPABILITIES + " (add them to the init container's"
                    + " securityContext.capabilities): " + tool + ": " + stderr);
        }
        return new IptablesException(tool + " failed with exit code " + exit + ", nothing was changed: " + stderr);
    }

    private static String read(Process process, boolean stdout) {
        try {
            return new String((stdout ? process.getInputStream() : process.getErrorStream()).readAllBytes(),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
