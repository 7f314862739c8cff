package dev.bollard.proxy.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class RetryAfterTest {
    private static final Instant NOW = Instant.parse("2026-11-25T20:00:00Z");

    @Test
    void readsDelaySeconds() {
        assertEquals(Optional.of(Duration.ofSeconds(5)), RetryAfter.parse(" 5 ", NOW));
    }

    @Test
    void readsAnHttpDate() {
        assertEquals(Optional.of(Duration.ofSeconds(30)), RetryAfter.parse("Wed, 25 Nov 2026 20:00:30 GMT", NOW));
        assertEquals(Optional.of(Duration.ZERO), RetryAfter.parse("Wed, 25 Nov 2026 19:00:00 GMT", NOW));
    }

    @Test
    void ignoresAbsentOrUnreadableValues() {
        assertEquals(Optional.empty(), RetryAfter.parse(null, NOW));
        assertEquals(Optional.empty(), RetryAfter.parse("soon", NOW));
        assertEquals(Optional.empty(), RetryAfter.parse("-3", NOW));
        assertEquals(Optional.empty(), RetryAfter.parse("99999999999999999999999", NOW));
    }
}
