package dev.bollard.proxy.lifecycle;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Where the proxy is in its shutdown, moved by what the pod sends it: the first SIGTERM starts the
 * drain, a second SIGTERM or {@code POST /quitquitquit} ends it at once, and so does the drain
 * running out. Phases only move forward.
 */
public final class Termination {
    public enum Phase {
        /** Taking traffic. */
        SERVING,
        /** SIGTERM came: inbound takes no new connections, the open ones and outbound go on. */
        DRAINING,
        /** Close everything and exit. */
        ENDING
    }

    private final LongSupplier nanoTime;
    private Phase phase = Phase.SERVING;
    private long drainStartedAt;

    public Termination() {
        this(System::nanoTime);
    }

    /** @param nanoTime a monotonic clock (tests) */
    Termination(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** SIGTERM: starts the drain, or, during one, ends it. Returns the phase it moved to. */
    public synchronized Phase terminate() {
        if (phase == Phase.SERVING) {
            drainStartedAt = nanoTime.getAsLong();
            return move(Phase.DRAINING);
        }
        return move(Phase.ENDING);
    }

    /** {@code /quitquitquit}: ends now, without a drain. */
    public synchronized Phase quit() {
        return move(Phase.ENDING);
    }

    public synchronized Phase phase() {
        return phase;
    }

    /** Blocks while the proxy is {@link Phase#SERVING}; returns the phase that ended it. */
    public synchronized Phase awaitShutdown() throws InterruptedException {
        while (phase == Phase.SERVING) {
            wait();
        }
        return phase;
    }

    /**
     * Blocks through the drain: returns when {@code settings} say it is over (asking
     * {@code openConnections} when an early exit is on), or when something ends it sooner.
     */
    public synchronized void awaitDrained(DrainSettings settings, IntSupplier openConnections) throws InterruptedException {
        while (phase == Phase.DRAINING) {
            Duration elapsed = Duration.ofNanos(nanoTime.getAsLong() - drainStartedAt);
            int open = settings.exitOnZeroActiveConnections() ? openConnections.getAsInt() : -1;
            if (settings.over(elapsed, open)) {
                phase = Phase.ENDING;
                return;
            }
            TimeUnit.NANOSECONDS.timedWait(this, settings.nextCheck(elapsed).toNanos());
        }
    }

    private Phase move(Phase next) {
        phase = next;
        notifyAll();
        return phase;
    }
}
