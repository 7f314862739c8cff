package dev.bollard.proxy.cert;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/**
 * The certificate loop of {@code cert watch} and of the proxy: fetch, sleep until the renewal
 * time, fetch again; after a failure, back off and retry, forever. Each verified issuance goes to
 * the listener first (the proxy installs it in its TLS contexts from memory), then to the files.
 * The clock, the sleep and the jitter are injected so that tests can run many cycles without
 * waiting.
 */
public final class CertificateWatcher {
    /** {@link Thread#sleep} in production; a recorder in tests. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** What a failed file write means: for {@code cert watch} the files are the product. */
    public enum Files {
        /** A write failure is a failed issuance and is retried ({@code cert watch}). */
        REQUIRED,
        /** The listener holds the certificate; a write failure is logged and renewal keeps its schedule (the proxy). */
        BEST_EFFORT
    }

    private final CertificateFetcher fetcher;
    private final RenewalSchedule schedule;
    private final Clock clock;
    private final DoubleSupplier random;
    private final AgentLog log;
    private final Consumer<Credentials> listener;
    private final Files files;
    private int failures;

    /** {@code cert watch}: files only. */
    CertificateWatcher(CertificateFetcher fetcher, RenewalSchedule schedule, Clock clock, DoubleSupplier random, AgentLog log) {
        this(fetcher, schedule, clock, random, log, credentials -> { }, Files.REQUIRED);
    }

    CertificateWatcher(CertificateFetcher fetcher, RenewalSchedule schedule, Clock clock, DoubleSupplier random, AgentLog log,
            Consumer<Credentials> listener, Files files) {
        this.fetcher = fetcher;
        this.schedule = schedule;
        this.clock = clock;
        this.random = random;
        this.log = log;
        this.listener = listener;
        this.files = files;
    }

    /**
     * The proxy's watcher: renews at 80% (the default schedule), hands every verified issuance to
     * {@code listener} before the files are written, and logs a failed write without retrying.
     */
    public static CertificateWatcher inMemory(CertificateFetcher fetcher, Clock clock, DoubleSupplier random,
            AgentLog log, Consumer<Credentials> listener) {
        return new CertificateWatcher(fetcher, RenewalSchedule.DEFAULT, clock, random, log, listener, Files.BEST_EFFORT);
    }

    /** Runs until interrupted. */
    public void run(Sleeper sleeper) throws InterruptedException {
        while (!Thread.currentThread().isInterrupted()) {
            sleeper.sleep(attempt());
        }
        throw new InterruptedException("certificate watch stopped");
    }

    /** One fetch; returns how long to wait before the next one. */
    Duration attempt() {
        try {
            Credentials issued = fetcher.issue();
            // files first: readiness follows the install, and an application started once the
            // proxy is ready (holdApplicationUntilProxyStarts, native sidecars) may read them at once
            String wrote = write(issued);
            install(issued);
            failures = 0;
            Instant now = clock.instant();
            Instant renewal = schedule.renewalTime(issued.notBefore(), issued.notAfter(), now);
            Duration wait = nonNegative(Duration.between(now, renewal));
            log.info("issued " + issued.summary() + "; " + wrote + "; renewing at " + renewal + " (in " + human(wait) + ")");
            return wait;
        } catch (CaRequestException e) {
            return retry(e.getMessage(), e.retryAfter());
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            return retry(e.getMessage(), Optional.empty());
        } catch (RuntimeException e) {
            // a failure nobody planned for must not end the loop: the certificate would then expire
            // under a running proxy, with nothing but a stack trace from a dead thread to say why
            return retry("unexpected " + e, Optional.empty());
        }
    }

    /** A listener that cannot use the certificate (e.g. TLS refuses it) makes this a failed issuance: retried. */
    private void install(Credentials issued) {
        try {
            listener.accept(issued);
        } catch (RuntimeException e) {
            throw new IllegalStateException("installing " + issued.summary() + " failed: " + e.getMessage(), e);
        }
    }

    private String write(Credentials issued) {
        try {
            fetcher.files().write(issued);
            return "wrote " + fetcher.files().dir();
        } catch (UncheckedIOException e) {
            if (files == Files.REQUIRED) {
                throw e;
            }
            log.warn("certificate kept in memory only: " + e.getMessage());
            return "not written to " + fetcher.files().dir();
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
