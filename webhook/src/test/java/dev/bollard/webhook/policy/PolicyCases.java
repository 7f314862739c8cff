package dev.bollard.webhook.policy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import dev.bollard.golden.Golden;

/**
 * The policy table: {@code src/test/resources/policy/<case>.yaml} is a manifest, and
 * {@code <case>.expected.yaml} holds the exact violations and warnings (or {@code skipped: true}).
 * A new pair becomes a test without further edits; {@link #assertMatches} compares an outcome
 * with its file as text (the {@link Golden} helper: {@code -Dgolden.update=true} rewrites the
 * expectations from the current output; review the diff).
 */
public final class PolicyCases {
    public static final Path DIR = Path.of("src", "test", "resources", "policy");
    static final String EXPECTED_SUFFIX = ".expected.yaml";
    private static final ObjectMapper YAML = new YAMLMapper();
    private static final Golden GOLDEN = Golden.in(DIR, EXPECTED_SUFFIX);

    /** What a case must produce. */
    public record Expected(boolean skipped, List<String> violations, List<String> warnings) {
        public boolean allowed() {
            return skipped || violations.isEmpty();
        }
    }

    public record Case(String name, Path file, JsonNode object, Expected expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    private PolicyCases() {
    }

    public static List<Case> all() {
        try (Stream<Path> files = Files.list(DIR)) {
            List<Case> cases = new ArrayList<>();
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".yaml") && !name.endsWith(EXPECTED_SUFFIX)) {
                    cases.add(load(file, name.substring(0, name.length() - ".yaml".length())));
                }
            }
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException("list policy cases in " + DIR, e);
        }
    }

    private static Case load(Path file, String name) throws IOException {
        JsonNode object = YAML.readTree(file.toFile());
        Path expectedFile = file.resolveSibling(name + EXPECTED_SUFFIX);
        Expected expected = Files.exists(expectedFile)
                ? YAML.readValue(expectedFile.toFile(), Expected.class)
                : new Expected(false, List.of("<missing " + expectedFile.getFileName() + ">"), List.of());
        return new Case(name, file, object, expected);
    }

    /** The case's expectation file holds exactly {@code actual}, as {@code make update-golden} writes it. */
    public static void assertMatches(Case c, Expected actual) {
        try {
            String text = "# expected outcome of " + c.name() + ".yaml (make update-golden rewrites it)\n"
                    + YAML.writeValueAsString(actual).replaceFirst("^---\\n", "");
            GOLDEN.assertMatches(c.name() + EXPECTED_SUFFIX, text);
        } catch (IOException e) {
            throw new UncheckedIOException("render expectation for " + c.name(), e);
        }
    }

    /** Every expectation file belongs to a case that ran. */
    public static void assertEveryExpectationHasItsCase() {
        GOLDEN.assertAllUsed();
    }
}
