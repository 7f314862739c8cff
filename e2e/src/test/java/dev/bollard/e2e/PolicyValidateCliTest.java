package dev.bollard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import dev.bollard.golden.Golden;

/**
 * Runs the built {@code bin/bollard validate} over the webhook's policy table
 * (webhook/src/test/resources/policy). Its output is the CRD schema's refusals first, as the API
 * server would give them, then the webhook's messages at the paths the schema left alone (see
 * ValidateCommand), so it is compared with golden files; a policy the webhook allows is OK there.
 */
class PolicyValidateCliTest {
    private static final ObjectMapper YAML = new YAMLMapper();
    private static final Path CASES = Repo.root().resolve("webhook/src/test/resources/policy");
    private static final String EXPECTED = ".expected.yaml";
    private static final long TIMEOUT_SECONDS = 120;
    private static final Golden GOLDEN = Golden.in(Repo.testResources().resolve("golden/validate"));

    private record Case(Path file, JsonNode object, JsonNode expected) {
        boolean allowed() {
            return expected.path("skipped").asBoolean() || expected.path("violations").isEmpty();
        }

        /** The lines bollard validate prints for this file. */
        List<String> lines() {
            String name = object.path("metadata").path("name").asText();
            if (expected.path("skipped").asBoolean()) {
                return List.of(file + ": " + object.path("kind").asText() + " " + name
                        + ": skipped (not a security.istio.io v1/v1beta1 PeerAuthentication or AuthorizationPolicy)");
            }
            String prefix = file + ": " + object.path("kind").asText() + " "
                    + object.path("metadata").path("namespace").asText() + "/" + name + ": ";
            List<String> lines = new ArrayList<>();
            if (expected.path("violations").isEmpty()) {
                lines.add(prefix + "OK");
            }
            expected.path("violations").forEach(v -> lines.add(prefix + v.asText()));
            expected.path("warnings").forEach(w -> lines.add(prefix + "warning: " + w.asText()));
            return lines;
        }
    }

    private static List<Case> cases() throws IOException {
        try (Stream<Path> files = Files.list(CASES)) {
            List<Case> cases = new ArrayList<>();
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".yaml") && !name.endsWith(EXPECTED)) {
                    Path expected = file.resolveSibling(name.replaceFirst("\\.yaml$", EXPECTED));
                    cases.add(new Case(file, YAML.readTree(file.toFile()), YAML.readTree(expected.toFile())));
                }
            }
            return cases;
        }
    }

    private static Processes.Result validate(List<Case> cases, String stdin, String... extra) {
        List<String> command = new ArrayList<>(List.of(Repo.bin("bollard").toString(), "validate"));
        cases.forEach(c -> command.addAll(List.of("-f", c.file().toString())));
        command.addAll(List.of(extra));
        return Processes.run(command, stdin, TIMEOUT_SECONDS);
    }

    @Test
    void printsEveryCasesFindingsAndExitsOneWhenAnyIsInvalid() throws IOException {
        List<Case> cases = cases();
        assertTrue(cases.size() >= 40, "policy table has " + cases.size() + " cases");
        Processes.Result result = validate(cases, null);
        GOLDEN.assertMatches("policy-table.txt", result.stdout().replace(CASES + "/", ""));
        assertEquals(1, result.exitCode(), result.stderr());
    }

    @Test
    void exitsZeroWhenEveryPolicyIsValid() throws IOException {
        List<Case> valid = cases().stream().filter(Case::allowed).toList();
        Processes.Result result = validate(valid, null);
        assertEquals(0, result.exitCode(), result.stderr() + result.stdout());
        assertEquals(valid.stream().mapToLong(c -> c.lines().size()).sum(), result.stdout().lines().count());
    }

    @Test
    void readsMultipleDocumentsFromStandardInput() throws IOException {
        Case zero = cases().stream().filter(c -> c.file().getFileName().toString().equals("pa-port-zero.yaml")).findFirst().orElseThrow();
        Case strict = cases().stream().filter(c -> c.file().getFileName().toString().equals("pa-strict-namespace.yaml")).findFirst().orElseThrow();
        String stdin = Files.readString(strict.file()) + "---\n" + Files.readString(zero.file());
        Processes.Result result = validate(List.of(), stdin, "-f", "-");
        GOLDEN.assertMatches("two-documents-from-stdin.txt", result.stdout());
        assertEquals(1, result.exitCode());
    }

    @Test
    void unreadableOrUnparseableInputExitsTwo() {
        Processes.Result missing = validate(List.of(), null, "-f", "/nonexistent/policy.yaml");
        assertEquals(2, missing.exitCode());
        assertTrue(missing.stderr().contains("/nonexistent/policy.yaml: cannot read: no such file"), missing.stderr());

        Processes.Result broken = validate(List.of(), "spec: [unclosed\n", "-f", "-");
        assertEquals(2, broken.exitCode());
        assertTrue(broken.stderr().contains("<stdin>: cannot read: not valid YAML at line"), broken.stderr());
    }
}
