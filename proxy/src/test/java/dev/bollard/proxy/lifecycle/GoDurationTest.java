package dev.bollard.proxy.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoDurationTest {
    @ParameterizedTest(name = "{0} -> {1} ms")
    @CsvSource({"5s,5000", "1m30s,90000", "250ms,250", "1.5s,1500", "1h,3600000", "0s,0", "0,0", "7,7000", "+2s,2000",
        "1s500ms,1500", "100us,0.1", "2m0.5s,120500"})
    void parsesGoDurations(String text, double millis) {
        assertEquals((long) (millis * 1_000_000), GoDuration.parse(text, "d").toNanos());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "5         x| is not a duration",
        "s          | is not a duration",
        "5 s        | is not a duration",
        "-1s        | is negative",
        "1d         | is not a duration",
        "5s junk    | is not a duration",
        "25h        | is longer than 24h",
    })
    void refusesWhatIsNotADuration(String text, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(text, "--drain-duration"));
        assertTrue(e.getMessage().startsWith("--drain-duration '") && e.getMessage().contains(message), e.getMessage());
    }
}
