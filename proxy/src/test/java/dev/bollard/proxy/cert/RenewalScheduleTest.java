package dev.bollard.proxy.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class RenewalScheduleTest {
    private static final RenewalSchedule SCHEDULE = RenewalSchedule.DEFAULT;
    private static final Instant T = Instant.parse("2026-11-25T20:00:00Z");

    @Test
    void renewsAtEightyPercentOfTheLifetime() {
        assertEquals(T.plus(Duration.ofHours(24).multipliedBy(8).dividedBy(10)),
                SCHEDULE.renewalTime(T, T.plus(Duration.ofHours(24)), T));
        assertEquals(T.plusSeconds(16), SCHEDULE.renewalTime(T, T.plusSeconds(20), T));
    }

    @Test
    void countsTheLifetimeFromNotBeforeLikeCertManager() {
        // received a little after notBefore: the schedule is still anchored to the certificate
        assertEquals(T.plusSeconds(80), SCHEDULE.renewalTime(T, T.plusSeconds(100), T.minusSeconds(5)));
    }

    @Test
    void doesNotCountABackdatedNotBeforeAsLifetime() {
        // a CA back-dates notBefore 5 minutes; 80% of the 320 s span would already be past
        Instant notBefore = T.minus(Duration.ofMinutes(5));
        assertEquals(T.plusSeconds(16), SCHEDULE.renewalTime(notBefore, T.plusSeconds(20), T));
    }

    @Test
    void aLeafValidUntilTheYear9999IsScheduledNotAnOverflow() {
        // RFC 5280 4.1.2.5: 99991231235959Z means "no well-defined expiration"; more than 292 years of nanoseconds
        Instant notAfter = Instant.parse("9999-12-31T23:59:59Z");
        Instant renewal = SCHEDULE.renewalTime(T, notAfter, T);
        assertEquals(T.plusSeconds((long) (java.time.Duration.between(T, notAfter).getSeconds() * 0.8)).getEpochSecond(),
                renewal.getEpochSecond());
    }

    @Test
    void anExpiredCertificateIsDueAtOnce() {
        assertEquals(T, SCHEDULE.renewalTime(T.minusSeconds(60), T.minusSeconds(1), T));
    }

    @Test
    void backoffDoublesFromOneSecondUpToTheCap() {
        assertEquals(Duration.ofSeconds(1), SCHEDULE.retryDelay(1, Optional.empty(), 1.0));
        assertEquals(Duration.ofSeconds(2), SCHEDULE.retryDelay(2, Optional.empty(), 1.0));
        assertEquals(Duration.ofSeconds(32), SCHEDULE.retryDelay(6, Optional.empty(), 1.0));
        assertEquals(Duration.ofSeconds(60), SCHEDULE.retryDelay(7, Optional.empty(), 1.0));
        assertEquals(Duration.ofSeconds(60), SCHEDULE.retryDelay(1_000, Optional.empty(), 1.0));
    }

    @Test
    void jitterStaysInTheUpperHalfOfTheStep() {
        assertEquals(Duration.ofSeconds(4), SCHEDULE.retryDelay(4, Optional.empty(), 0.0));
        assertEquals(Duration.ofSeconds(6), SCHEDULE.retryDelay(4, Optional.empty(), 0.5));
        Duration drawn = SCHEDULE.retryDelay(4, Optional.empty(), Math.random());
        assertTrue(drawn.compareTo(Duration.ofSeconds(4)) >= 0 && drawn.compareTo(Duration.ofSeconds(8)) <= 0, drawn.toString());
    }

    @Test
    void retryAfterIsAFloorUnderTheBackoff() {
        assertEquals(Duration.ofSeconds(7), SCHEDULE.retryDelay(1, Optional.of(Duration.ofSeconds(7)), 1.0));
        assertEquals(Duration.ofSeconds(16), SCHEDULE.retryDelay(5, Optional.of(Duration.ofSeconds(3)), 1.0));
        assertEquals(Duration.ofSeconds(120), SCHEDULE.retryDelay(1, Optional.of(Duration.ofSeconds(120)), 0.0));
    }

    @Test
    void retryAfterIsCappedAgainstABrokenHeader() {
        assertEquals(Duration.ofMinutes(5), SCHEDULE.retryDelay(1, Optional.of(Duration.ofDays(3)), 0.0));
    }

    @Test
    void rejectsAFractionOutsideTheLifetime() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RenewalSchedule(1.0, Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3)));
        assertTrue(e.getMessage().contains("between 0 and 1"), e.getMessage());
    }
}
