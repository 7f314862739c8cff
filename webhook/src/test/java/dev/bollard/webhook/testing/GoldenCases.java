package dev.bollard.webhook.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A folder of {@code <case>.yaml} fixtures, each beside its {@code <case>.golden.txt}: compare
 * an output with its case's golden file, or rewrite it with {@code -Dgolden.update=true}; and
 * find golden files whose case is gone.
 */
public record GoldenCases(Path dir) {
    private static final String GOLDEN = ".golden.txt";

    public void assertMatches(String fixture, String actual) throws IOException {
        Path golden = dir.resolve(fixture.replaceFirst("\\.yaml$", GOLDEN));
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(golden, actual);
        }
        assertTrue(Files.exists(golden), "no golden file " + golden + " (run with -Dgolden.update=true)");
        assertEquals(Files.readString(golden), actual);
    }

    public void assertEveryGoldenFileHasItsCase() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> p.toString().endsWith(GOLDEN)).forEach(golden -> assertTrue(
                    Files.exists(dir.resolve(golden.getFileName().toString().replace(GOLDEN, ".yaml"))), "unused golden file " + golden));
        }
    }
}
