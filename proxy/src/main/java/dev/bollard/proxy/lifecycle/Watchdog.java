package dev.bollard.proxy.lifecycle;

import java.io.PrintWriter;
import java.time.Duration;

/**
 * The bound on an exit: once the proxy is told to end, the JVM is gone {@link #GRACE} after the
 * drain at the latest, even if closing something hangs, so kubelet never has to SIGKILL a sidecar
 * that has stopped serving. A halt after a hang exits 1: the close did not finish cleanly.
 */
public final class Watchdog {
    /** Closing the listeners, the connection log and the feed takes well under this. */
    public static final Duration GRACE = Duration.ofSeconds(10);

    private Watchdog() {
    }

    /** Halts the JVM {@code drain} plus {@link #GRACE} from now unless it has exited by then. */
    public static void haltAfter(Duration drain, PrintWriter err) {
        Duration bound = drain.plus(GRACE);
        Thread thread = new Thread(() -> {
            try {
                Thread.sleep(bound.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            err.println("bollard proxy: still running " + bound.toMillis() + " ms after the shutdown began; halting");
            err.flush();
            Runtime.getRuntime().halt(1);
        }, "exit-watchdog");
        thread.setDaemon(true);
        thread.start();
    }
}
