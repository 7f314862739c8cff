package dev.bollard.proxy.lifecycle;

import java.time.Duration;
import java.util.Objects;

/**
 * How the proxy drains after SIGTERM, as Istio's pilot-agent: inbound stops taking new
 * connections, open ones and outbound go on for {@code drainDuration}, then everything closes.
 *
 * @param drainDuration               how long the drain lasts at most (proxy config
 *                                    {@code terminationDrainDuration}; default 5 s, Istio's)
 * @param exitOnZeroActiveConnections end the drain early, once no connection is open and
 *                                    {@code minimumDrainDuration} has passed (Istio's
 *                                    {@code EXIT_ON_ZERO_ACTIVE_CONNECTIONS}; default off)
 * @param minimumDrainDuration        the part of the drain that is always waited out when ending
 *                                    early, so endpoints and the app notice the shutdown first
 *                                    (Istio's {@code MINIMUM_DRAIN_DURATION}; default 5 s)
 */
public record DrainSettings(Duration drainDuration, boolean exitOnZeroActiveConnections, Duration minimumDrainDuration) {
    public static final Duration DRAIN_DURATION = Duration.ofSeconds(5);
    public static final Duration MINIMUM_DRAIN_DURATION = Duration.ofSeconds(5);
    /** How often an early exit looks at the open connections (pilot-agent polls Envoy each second). */
    static final Duration CHECK_INTERVAL = Duration.ofMillis(100);

    public DrainSettings {
        Objects.requireNonNull(drainDuration, "drainDuration");
        Objects.requireNonNull(minimumDrainDuration, "minimumDrainDuration");
        if (drainDuration.isNegative() || minimumDrainDuration.isNegative()) {
            throw new IllegalArgumentException("drain durations cannot be negative");
        }
    }

    public static DrainSettings defaults() {
        return new DrainSettings(DRAIN_DURATION, false, MINIMUM_DRAIN_DURATION);
    }

    /** Whether the drain is over {@code elapsed} after it began, with {@code open} connections left. */
    public boolean over(Duration elapsed, int open) {
        if (elapsed.compareTo(drainDuration) >= 0) {
            return true;
        }
        return exitOnZeroActiveConnections && open == 0 && elapsed.compareTo(minimumDrainDuration) >= 0;
    }

    /** How long to wait, {@code elapsed} into the drain, before asking {@link #over} again. */
    public Duration nextCheck(Duration elapsed) {
        Duration toEnd = drainDuration.minus(elapsed);
        if (!exitOnZeroActiveConnections) {
            return positive(toEnd);
        }
        Duration toMinimum = minimumDrainDuration.minus(elapsed);
        Duration next = toMinimum.compareTo(CHECK_INTERVAL) > 0 ? toMinimum : CHECK_INTERVAL;
        return positive(next.compareTo(toEnd) < 0 ? next : toEnd);
    }

    private static Duration positive(Duration d) {
        return d.isNegative() || d.isZero() ? Duration.ofMillis(1) : d;
    }
}
