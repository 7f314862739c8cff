package dev.bollard.webhook.kubeinject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import dev.bollard.golden.Golden;
import dev.bollard.webhook.cli.BollardCli;
import picocli.CommandLine;

/**
 * {@code bollard kube-inject} on the manifests in {@code kubeinject/}: each input's exit code,
 * stderr and stdout are its golden file {@code <case>.golden.txt} ({@code -Dgolden.update=true}
 * rewrites them); the tests below state the behaviour the golden files show.
 */
class KubeInjectCommandTest {
    static final Path CASES = Path.of("src/test/resources/kubeinject");
    private static final Golden GOLDEN = Golden.in(CASES, ".golden.txt");
    private static final ObjectMapper YAML = new YAMLMapper();

    record Run(int exit, String stdout, String stderr) {
        String golden() {
            return "exit: " + exit + "\nstderr:\n" + stderr + "stdout:\n" + stdout;
        }
    }

    static Run run(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new BollardCli());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of("kube-inject"));
        all.addAll(List.of(args));
        InputStream stdinBefore = System.in;
        try {
            if (stdin != null) {
                System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            }
            int exit = cli.execute(all.toArray(String[]::new));
            return new Run(exit, out.toString(), err.toString());
        } finally {
            System.setIn(stdinBefore);
        }
    }

    static Run inject(String fixture) {
        return run(null, "-f", CASES.resolve(fixture).toString());
    }

    static Stream<String> cases() throws IOException {
        try (Stream<Path> files = Files.list(CASES)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesItsGoldenFile(String fixture) throws IOException {
        String text = inject(fixture).golden();
        GOLDEN.assertMatches(fixture.replaceFirst("\\.yaml$", ".golden.txt"), text);
    }

    @AfterAll
    static void everyGoldenFileHasItsCase() {
        GOLDEN.assertAllUsed();
    }

    @Test
    void keepsCommentsAndDocumentOrder() throws IOException {
        Run run = inject("multi-document-comments.yaml");
        assertEquals(0, run.exit(), run.stderr());
        for (String comment : List.of("# Leading comment of the file", "# inline on service", "# A deployment with comments",
                "# two replicas", "# the app", "# pinned")) {
            assertTrue(run.stdout().contains(comment), comment + " kept:\n" + run.stdout());
        }
        List<JsonNode> docs = documents(run.stdout());
        assertEquals(List.of("Service", "Deployment", "CronJob"), docs.stream().map(d -> d.path("kind").asText()).toList());
    }

    @Test
    void injectsThePodOfEveryWorkloadKindAndPassesOtherKindsThrough() throws IOException {
        Run run = inject("every-kind.yaml");
        assertEquals(0, run.exit(), run.stderr());
        List<JsonNode> docs = documents(run.stdout());
        assertEquals(12, docs.size());
        for (JsonNode doc : docs.subList(0, 9)) {
            WorkloadKind kind = WorkloadKind.of(doc).orElseThrow();
            JsonNode spec = doc.at(kind.template()).path("spec");
            assertTrue(containerNames(spec).contains("istio-proxy"), doc.path("kind") + " injected:\n" + spec);
        }
        JsonNode listed = docs.get(9).path("items").get(0).at("/spec/template/spec");
        assertTrue(containerNames(listed).contains("istio-proxy"), "a List's Deployment is injected");
        String input = Files.readString(CASES.resolve("every-kind.yaml"));
        String passedThrough = input.substring(input.indexOf("# passed through"));
        assertTrue(run.stdout().endsWith(passedThrough), "other kinds byte for byte:\n" + run.stdout());
    }

    @Test
    void leavesASkippedDocumentAsWrittenWithANote() throws IOException {
        Run run = inject("multi-document-comments.yaml");
        String input = Files.readString(CASES.resolve("multi-document-comments.yaml"));
        assertTrue(run.stdout().endsWith(input.substring(input.lastIndexOf("---"))), run.stdout());
        assertTrue(run.stderr().contains("multi-document-comments.yaml: document 3: CronJob nightly: skipped: pod opted out"),
                run.stderr());
    }

    @Test
    void refusesADocumentTheWebhookWouldDenyNamingItsIndexAndReason() throws IOException {
        Run run = inject("refused.yaml");
        assertEquals(1, run.exit());
        assertTrue(run.stderr().contains("refused.yaml: document 2: Deployment shop/bad-ports: refused: annotation "
                + "traffic.sidecar.istio.io/excludeOutboundPorts=\"80,notaport\" is invalid"), run.stderr());
        assertEquals(List.of("before", "after"), documents(run.stdout()).stream()
                .map(d -> d.path("metadata").path("name").asText()).toList());
    }

    @Test
    void badYamlExitsTwoNamingTheLineAndPrintsNothingOfThatFile() {
        Run broken = inject("bad-yaml.yaml");
        assertEquals(2, broken.exit());
        assertTrue(broken.stderr().contains("bad-yaml.yaml: cannot read: not valid YAML at line 11"), broken.stderr());
        assertEquals("", broken.stdout());

        Run duplicate = inject("duplicate-key.yaml");
        assertEquals(2, duplicate.exit());
        assertTrue(duplicate.stderr().contains("not valid YAML at line 5: duplicate key name"), duplicate.stderr());
    }

    @Test
    void aMissingFileExitsTwo() {
        Run run = run(null, "-f", "/nonexistent/app.yaml");
        assertEquals(2, run.exit());
        assertTrue(run.stderr().contains("/nonexistent/app.yaml: cannot read: no such file"), run.stderr());
    }

    @Test
    void readsStandardInputAndSeveralFilesAsOneStream() throws IOException {
        String pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: from-stdin}\nspec: {containers: [{name: app, image: a}]}\n";
        Run run = run(pod, "-f", "-", "-f", CASES.resolve("every-kind.yaml").toString());
        assertEquals(0, run.exit(), run.stderr());
        List<JsonNode> docs = documents(run.stdout());
        assertEquals(13, docs.size());
        assertEquals("from-stdin", docs.get(0).path("metadata").path("name").asText());
        assertTrue(containerNames(docs.get(0).path("spec")).contains("istio-proxy"));
        assertEquals("default", docs.get(0).path("metadata").path("namespace").asText("default"));
    }

    @Test
    void aSecondPassChangesNothing(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Run first = inject("every-kind.yaml");
        Path injected = dir.resolve("injected.yaml");
        Files.writeString(injected, first.stdout());
        Run second = run(null, "-f", injected.toString());
        assertEquals(0, second.exit(), second.stderr());
        assertEquals(first.stdout(), second.stdout());
        assertTrue(second.stderr().contains("document 2: Deployment shop/deployment: skipped: pod already has the sidecar"),
                second.stderr());
    }

    @Test
    void aBrokenValuesFileExitsTwo(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path values = dir.resolve("values.yaml");
        Files.writeString(values, "revision: default\nnoSuchKey: 1\n");
        Run run = run(null, "--values", values.toString(), "-f", CASES.resolve("every-kind.yaml").toString());
        assertEquals(2, run.exit());
        assertTrue(run.stderr().startsWith("kube-inject: cannot load the sidecar template or values: sidecar values:"), run.stderr());
        assertEquals("", run.stdout());
    }

    static List<JsonNode> documents(String yaml) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(yaml)) {
            YAML.readValues(parser, JsonNode.class).forEachRemaining(docs::add);
        }
        docs.removeIf(d -> d == null || d.isNull() || d.isEmpty());
        return docs;
    }

    /** Containers and init containers: the proxy is a native sidecar (an init container) by default. */
    private static List<String> containerNames(JsonNode spec) {
        List<String> names = new ArrayList<>();
        spec.path("initContainers").forEach(c -> names.add(c.path("name").asText()));
        spec.path("containers").forEach(c -> names.add(c.path("name").asText()));
        return names;
    }
}
