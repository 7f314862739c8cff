package dev.bollard.webhook.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class BodyLimitTest {

    @Test
    void admissionTakesTheApiServersThreeMebibytesWithinTenSeconds() {
        BodyLimit inject = BodyLimit.forPath("/inject").orElseThrow();
        assertEquals(3L * 1024 * 1024, inject.maxBytes());
        assertEquals(Duration.ofSeconds(10), inject.deadline());
        assertEquals(inject, BodyLimit.forPath("/inject/").orElseThrow());
        assertEquals(BodyLimit.VALIDATE, BodyLimit.forPath("/validate").orElseThrow());
    }

    @Test
    void aCsrTakesSixtyFourKibibytesWithinFiveSeconds() {
        BodyLimit csr = BodyLimit.forPath("/v1/certificates").orElseThrow();
        assertEquals(64 * 1024, csr.maxBytes());
        assertEquals(Duration.ofSeconds(5), csr.deadline());
        assertTrue(csr.tooLargeMessage().contains("64 KiB"), csr.tooLargeMessage());
    }

    @Test
    void endpointsThatReadNoBodyHaveNoLimit() {
        assertEquals(Optional.empty(), BodyLimit.forPath("/q/health/ready"));
        assertEquals(Optional.empty(), BodyLimit.forPath("/v1/mesh/feed"));
        assertEquals(Optional.empty(), BodyLimit.forPath(null));
    }

    @Test
    void anAnnouncedLengthOverTheLimitIsRefusedBeforeReading() {
        assertTrue(BodyLimit.INJECT.announcedTooLarge("3145729"));
        assertTrue(BodyLimit.INJECT.announcedTooLarge(" 104857600 "));
        assertFalse(BodyLimit.INJECT.announcedTooLarge("3145728"));
        assertFalse(BodyLimit.INJECT.announcedTooLarge(null));
        assertFalse(BodyLimit.INJECT.announcedTooLarge("lots"), "a malformed length is the HTTP layer's to reject");
    }
}
