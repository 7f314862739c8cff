package dev.bollard.webhook.agent;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * {@code cert watch}'s loop: fetch, sleep until the renewal time, fetch again; after a failure,
 * back off and retry, forever. The clock, the sleep and the jitter are injected so that tests
 * can run many cycles without waiting.
 */
final class CertificateWatcher {
    /** {@link Thread#sleep} in production; a recorder in tests. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final CertificateFetcher fetcher;
    private final RenewalSchedule schedule;
    private final Clock clock;
    private final DoubleSupplier random;
    private final AgentLog log;
    private int failures;

    CertificateWatcher(CertificateFetcher fetcher, RenewalSchedule schedule, Clock clock, DoubleSupplier random, AgentLog log) {
        this.fetcher = fetcher;
        this.schedule = schedule;
        this.clock = clock;
        this.random = random;
        this.log = log;
    }

    /** Runs until interrupted. */
    void run(Sleeper sleeper) throws InterruptedException {
        while (!Thread.currentThread().isInterrupted()) {
            sleeper.sleep(attempt());
        }
        throw new InterruptedException("certificate watch stopped");
    }

    /** One fetch; returns how long to wait before the next one. */
    Duration attempt() {
        try {
            Credentials issued = fetcher.fetch();
            failures = 0;
            Instant now = clock.instant();
            Instant renewal = schedule.renewalTime(issued.notBefore(), issued.notAfter(), now);
            Duration wait = nonNegative(Duration.between(now, renewal));
            log.info("issued " + issued.summary() + "; wrote " + fetcher.files().dir()
                    + "; renewing at " + renewal + " (in " + human(wait) + ")");
            return wait;
        } catch (CaRequestException e) {
            return retry(e.getMessage(), e.retryAfter());
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            return retry(e.getMessage(), Optional.empty());
        }
    }

    private Duration retry(String reason, Optional<Duration> retryAfter) {
        failures++;
        Duration wait = schedule.retryDelay(failures, retryAfter, random.getAsDouble());
        log.warn("certificate request failed (" + failures + " in a row): " + reason
                + "; retrying in " + human(wait));
        return wait;
    }

    /** "19h11m59.23s", "2s": ISO-8601 without its PT prefix, to the millisecond. */
    static String human(Duration duration) {
        return duration.truncatedTo(ChronoUnit.MILLIS).toString().substring(2).toLowerCase(Locale.ROOT);
    }

    private static Duration nonNegative(Duration duration) {
        return duration.isNegative() ? Duration.ZERO : duration;
    }
}
