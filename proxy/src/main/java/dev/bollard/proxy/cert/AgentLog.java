package dev.bollard.proxy.cert;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.temporal.ChronoUnit;

/**
 * One line per event on the container's stderr, timestamped, for {@code kubectl logs}. Without
 * Quarkus there is no logging setup, and JUL's default two-line format reads badly there.
 */
public final class AgentLog {
    private final PrintWriter out;
    private final Clock clock;

    public AgentLog(PrintWriter out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    public void info(String message) {
        line("info", message);
    }

    public void warn(String message) {
        line("warn", message);
    }

    private synchronized void line(String level, String message) {
        // milliseconds, as the connection log and OneLineLogging print them: one stream, one shape
        out.println(clock.instant().truncatedTo(ChronoUnit.MILLIS) + " " + level + " " + message);
        out.flush();
    }
}
