package dev.bollard.proxy.cert;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import dev.bollard.identity.RenewalTime;

/**
 * When to renew and how long to wait after a failure. Pure: the caller passes the clock's reading
 * and the random draw, so tests need neither sleeps nor seeds.
 *
 * @param renewFraction  point of the lifetime at which to renew; default 0.8 (Istio's agent
 *                       renews at half, cert-manager at two thirds; a short-lived mesh certificate
 *                       can afford to renew later)
 * @param initialBackoff wait after the first failure; default 1 s, doubled per further failure
 * @param maxBackoff     cap of the doubling; default 60 s
 * @param maxRetryAfter  cap on a server's Retry-After, against a broken header; default 5 min
 */
record RenewalSchedule(double renewFraction, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {
    static final RenewalSchedule DEFAULT =
            new RenewalSchedule(0.8, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofMinutes(5));

    RenewalSchedule {
        new RenewalTime(renewFraction); // refuses a fraction outside the lifetime now, not at the first renewal
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initialBackoff + " and " + maxBackoff);
        }
    }

    /** {@code renewFraction} of the way through the leaf's lifetime: the mesh's one rule, {@link RenewalTime}. */
    Instant renewalTime(Instant notBefore, Instant notAfter, Instant receivedAt) {
        return new RenewalTime(renewFraction).at(notBefore, notAfter, receivedAt);
    }

    /**
     * Wait before retry number {@code failures} (1 after the first failure): exponential from
     * {@code initialBackoff}, capped at {@code maxBackoff}, with "equal jitter" (a uniform draw in
     * the upper half) so that the pods of a restarted node do not retry in lockstep. A server's
     * Retry-After is a floor: the CA said when it expects to be able to check tokens again.
     *
     * @param random a uniform draw in [0, 1)
     */
    Duration retryDelay(int failures, Optional<Duration> retryAfter, double random) {
        if (failures < 1) {
            throw new IllegalArgumentException("retry delay needs at least one failure, got " + failures);
        }
        Duration exponential = maxBackoff;
        int doublings = failures - 1;
        // 2^doublings * initial overflows nothing before it passes the cap; stop doubling there
        if (doublings < 62 && initialBackoff.toNanos() <= (maxBackoff.toNanos() >> doublings)) {
            exponential = initialBackoff.multipliedBy(1L << doublings);
        }
        long half = exponential.toNanos() / 2;
        Duration jittered = Duration.ofNanos(half + (long) (half * Math.min(Math.max(random, 0), 1)));
        Duration floor = retryAfter.map(d -> d.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : d).orElse(Duration.ZERO);
        return jittered.compareTo(floor) >= 0 ? jittered : floor;
    }
}
