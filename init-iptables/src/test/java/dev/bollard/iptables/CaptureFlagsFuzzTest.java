package dev.bollard.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Pattern;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The init container's command line under arbitrary input: one argument per line of the input
 * (seeds in {@code CaptureFlagsFuzzTestInputs/}: the golden cases' flags). A flag set either
 * parses into rules, or is refused with an {@link IllegalArgumentException} that says why;
 * the rules are the same on every parse and no value can smuggle a line of its own into the
 * iptables-restore input.
 */
class CaptureFlagsFuzzTest {
    // what render writes: a table, a chain declaration, a rule, COMMIT, or a section comment
    private static final Pattern RESTORE_LINE = Pattern.compile("\\*[a-z]+|:[A-Z_0-9]+ - \\[0:0]|-[AD] [A-Z_0-9]+( [ -~]+)?|COMMIT|# [a-z0-9]+-restore --noflush");

    @FuzzTest(maxDuration = "60s")
    void anyFlagsAreParsedOrRefusedWithAMessage(byte[] input) {
        String[] args = new String(input, StandardCharsets.UTF_8).split("\n", -1);
        if (args.length > 64) {
            args = Arrays.copyOf(args, 64);
        }
        CaptureConfig config;
        try {
            config = CaptureFlags.parse(args);
        } catch (IllegalArgumentException refused) {
            assertFalse(refused.getMessage() == null || refused.getMessage().isBlank(), "a refusal says why");
            return;
        }
        String text = CapturePlan.text(config);
        assertEquals(text, CapturePlan.text(CaptureFlags.parse(args)), "the same flags give the same rules");
        for (String line : text.split("\n")) {
            assertTrue(RESTORE_LINE.matcher(line).matches(), () -> "not a restore line: " + line);
        }
    }
}
