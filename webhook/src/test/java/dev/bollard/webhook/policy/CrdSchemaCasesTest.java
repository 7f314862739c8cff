package dev.bollard.webhook.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import dev.bollard.golden.Golden;
import dev.bollard.webhook.cli.BollardCli;
import picocli.CommandLine;

/**
 * {@code bollard validate} refuses what the API server's schema check of our CRDs refuses. Each
 * manifest in {@code crd-schema/} has its exit code and output in {@code <case>.golden.txt}
 * ({@code -Dgolden.update=true} rewrites them); the file name is shown as {@code <file>}.
 */
class CrdSchemaCasesTest {
    static final Path CASES = Path.of("src/test/resources/crd-schema");
    private static final Path CRDS = Path.of(System.getProperty("bollard.repo.root", ".."), "manifests", "crds");
    private static final Golden GOLDEN = Golden.in(CASES, ".golden.txt");

    static Stream<String> cases() throws IOException {
        try (Stream<Path> files = Files.list(CASES)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void validateReportsWhatTheApiServerWouldRefuse(String fixture) throws IOException {
        String file = CASES.resolve(fixture).toString();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new BollardCli());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute("validate", "-f", file);
        String text = ("exit: " + exit + "\nstderr:\n" + err + "stdout:\n" + out).replace(file, "<file>");
        GOLDEN.assertMatches(fixture.replaceFirst("\\.yaml$", ".golden.txt"), text);
    }

    @AfterAll
    static void everyGoldenFileHasItsCase() {
        GOLDEN.assertAllUsed();
    }

    @ParameterizedTest
    @EnumSource(PolicyKind.class)
    void bundledCrdIsTheShippedFile(PolicyKind kind) throws IOException {
        try (InputStream bundled = getClass().getClassLoader().getResourceAsStream(CrdSchemas.RESOURCE_DIR + CrdSchemas.fileName(kind))) {
            assertTrue(bundled != null, "CRD of " + kind + " bundled");
            assertArrayEquals(Files.readAllBytes(CRDS.resolve(CrdSchemas.fileName(kind))), bundled.readAllBytes());
        }
    }

    @ParameterizedTest
    @EnumSource(PolicyKind.class)
    void everyCelRuleOfTheShippedCrdsIsANamedCheck(PolicyKind kind) throws IOException {
        List<String> rules = new ArrayList<>();
        collectRules(new YAMLMapper().readTree(CRDS.resolve(CrdSchemas.fileName(kind)).toFile()), rules);
        assertTrue(!rules.isEmpty(), kind + " has CEL rules");
        rules.forEach(rule -> assertTrue(CelRules.known(rule), "CEL rule without a named check in CelRules: " + rule));
    }

    private static void collectRules(JsonNode node, List<String> rules) {
        node.path("x-kubernetes-validations").forEach(v -> rules.add(v.path("rule").asText()));
        node.forEach(child -> collectRules(child, rules));
    }
}
