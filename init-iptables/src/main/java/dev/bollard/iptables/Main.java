package dev.bollard.iptables;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * Entry point of the init container: parse the flags, then apply (or print, or remove) the
 * capture rules. The only class that touches the process, the file system and the exit code.
 */
public final class Main {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    private static final Path PROC_STATUS = Path.of("/proc/self/status");

    private final Restorer restorer;
    private final Supplier<String> procStatus;
    private final PrintStream out;
    private final PrintStream err;

    Main(Restorer restorer, Supplier<String> procStatus, PrintStream out, PrintStream err) {
        this.restorer = restorer;
        this.procStatus = procStatus;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new Main(new ProcessRestorer(), Main::readProcStatus, System.out, System.err).run(args));
    }

    int run(String... args) {
        CaptureFlags flags;
        CaptureConfig config;
        try {
            flags = CaptureFlags.parseCommand(args);
            if (flags.help) {
                out.print(CaptureFlags.usage());
                return OK;
            }
            config = flags.config();
        } catch (IllegalArgumentException e) {
            err.println("init-iptables: " + e.getMessage());
            err.println("Run 'init-iptables --help' for the flags.");
            return USAGE;
        }
        try {
            return execute(flags, config);
        } catch (IptablesException e) {
            err.println("init-iptables: " + e.getMessage());
            return FAILED;
        }
    }

    private int execute(CaptureFlags flags, CaptureConfig config) {
        Installer installer = new Installer(restorer, out);
        if (flags.dryRun && !flags.cleanup) {
            out.print(CapturePlan.text(config));
            return OK;
        }
        List<String> missing = Capabilities.missing(procStatus.get());
        if (!missing.isEmpty()) {
            throw new IptablesException(ProcessRestorer.NEEDS_CAPABILITIES + "; missing " + String.join(", ", missing)
                    + " (add them to the init container's securityContext.capabilities)");
        }
        if (flags.cleanup && flags.dryRun) {
            out.print(installer.cleanupText(config.ipv6()));
        } else if (flags.cleanup) {
            installer.cleanup(config.ipv6());
        } else {
            installer.install(config);
        }
        return OK;
    }

    /** Empty where /proc is unavailable: the capability check is then left to iptables itself. */
    private static String readProcStatus() {
        try {
            return Files.readString(PROC_STATUS);
        } catch (IOException e) {
            return "";
        }
    }
}
