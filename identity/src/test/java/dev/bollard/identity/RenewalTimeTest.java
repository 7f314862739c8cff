package dev.bollard.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class RenewalTimeTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void isTheFractionOfTheLifetimeFromNotBefore() {
        assertEquals(T.plus(Duration.ofHours(16)), new RenewalTime(2.0 / 3).at(T, T.plus(Duration.ofHours(24)), T));
        assertEquals(T.plusSeconds(80), new RenewalTime(0.8).at(T, T.plusSeconds(100), T.minusSeconds(5)));
    }

    @Test
    void countsFromArrivalWhenNotBeforeIsBackDated() {
        assertEquals(T.plusSeconds(16), new RenewalTime(0.8).at(T.minusSeconds(300), T.plusSeconds(20), T));
    }

    @Test
    void anExpiredCertificateIsDueWhenItArrives() {
        assertEquals(T, new RenewalTime(0.5).at(T.minusSeconds(20), T.minusSeconds(10), T));
    }

    @Test
    void survivesANotAfterCenturiesAway() {
        Instant far = Instant.parse("9999-12-31T23:59:59Z");
        assertTrue(new RenewalTime(0.5).at(T, far, T).isAfter(T));
    }

    @Test
    void rejectsAFractionOutsideTheLifetime() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RenewalTime(0));
        assertTrue(e.getMessage().contains("between 0 and 1"), e.getMessage());
    }
}
