package dev.bollard.proxy.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DrainSettingsTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // case                                   | drain | exit on 0 | minimum | elapsed | open | over
        "before the drain duration                | 5000  | false     | 5000    | 4999    | 3    | false",
        "at the drain duration                    | 5000  | false     | 5000    | 5000    | 3    | true",
        "no early exit without the option         | 5000  | false     | 0       | 100     | 0    | false",
        "early exit once none is open             | 5000  | true      | 1000    | 1000    | 0    | true",
        "not before the minimum                   | 5000  | true      | 1000    | 999     | 0    | false",
        "not while a connection is open           | 5000  | true      | 1000    | 3000    | 1    | false",
        "the drain duration caps an early exit    | 5000  | true      | 1000    | 5000    | 7    | true",
        "a minimum beyond the drain: the drain    | 2000  | true      | 9000    | 2000    | 0    | true",
        "zero drain ends at once                  | 0     | false     | 5000    | 0       | 9    | true",
    })
    void endsTheDrainAsPilotAgentDoes(String name, long drainMs, boolean exitOnZero, long minimumMs, long elapsedMs, int open,
                                      boolean over) {
        DrainSettings settings = new DrainSettings(Duration.ofMillis(drainMs), exitOnZero, Duration.ofMillis(minimumMs));
        assertEquals(over, settings.over(Duration.ofMillis(elapsedMs), open));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "sleeps to the end without early exit | false | 1000 | 4000",
        "sleeps to the minimum first          | true  | 1000 | 1000",
        "then polls                           | true  | 2500 | 100",
        "never past the end                   | true  | 4950 | 50",
    })
    void checksAgainOnlyWhenTheAnswerCanChange(String name, boolean exitOnZero, long elapsedMs, long nextMs) {
        DrainSettings settings = new DrainSettings(Duration.ofSeconds(5), exitOnZero, Duration.ofSeconds(2));
        assertEquals(Duration.ofMillis(nextMs), settings.nextCheck(Duration.ofMillis(elapsedMs)));
    }
}
