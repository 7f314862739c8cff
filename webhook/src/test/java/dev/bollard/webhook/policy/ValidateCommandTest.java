package dev.bollard.webhook.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.bollard.webhook.cli.BollardCli;
import picocli.CommandLine;

/** {@code bollard validate} in-process: output lines and exit codes for the awkward inputs. */
class ValidateCommandTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new BollardCli());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString().strip(), err.toString().strip());
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void checksEveryItemOfAList() throws IOException {
        Path file = write("list.yaml", """
                apiVersion: v1
                kind: List
                items:
                - apiVersion: security.istio.io/v1
                  kind: PeerAuthentication
                  metadata: {name: a}
                  spec: {mtls: {mode: STRICT}}
                - apiVersion: security.istio.io/v1
                  kind: AuthorizationPolicy
                  metadata: {name: b, namespace: prod}
                  spec: {action: DENY}
                """);
        Run run = run("validate", "-f", file.toString());
        assertEquals(file + ": PeerAuthentication default/a: OK\n"
                + file + ": AuthorizationPolicy prod/b: spec.rules: DENY action without rules is meaningless as it will "
                + "never be triggered; add an empty rule (rules: [{}]) to trigger it for every request", run.out());
        assertEquals(1, run.exit());
    }

    @Test
    void settingsComeFromOptions() throws IOException {
        Path file = write("pa.yaml", """
                apiVersion: security.istio.io/v1
                kind: PeerAuthentication
                metadata: {name: web, namespace: mesh}
                spec: {selector: {matchLabels: {app: web}}}
                """);
        Run plain = run("validate", "-f", file.toString());
        assertEquals(0, plain.exit());
        assertTrue(!plain.out().contains("warning"), plain.out());
        Run rooted = run("validate", "--root-namespace", "mesh", "-f", file.toString());
        assertEquals(0, rooted.exit(), "istiod accepts a selector in the root namespace: " + rooted.out());
        assertTrue(rooted.out().contains("warning: spec.selector: istiod accepts a selector on a PeerAuthentication in root namespace mesh"),
                rooted.out());
    }

    @Test
    void documentThatIsNotAnObjectIsUnparseable() throws IOException {
        Run run = run("validate", "-f", write("scalar.yaml", "just a string\n").toString());
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("document 1: not a Kubernetes object, found a string"), run.err());
    }

    @Test
    void deeplyNestedYamlIsUnparseableNotACrash() throws IOException {
        int depth = 100_000;
        Run run = run("validate", "-f", write("deep.yaml", "spec: " + "[".repeat(depth) + "]".repeat(depth) + "\n").toString());
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("cannot read: not valid YAML"), run.err());
    }

    @Test
    void fiveMegabyteYamlIsRefusedWithAReason() throws IOException {
        String big = "apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: big}\n"
                + "# " + "x".repeat(5 * 1024 * 1024) + "\n";
        Run run = run("validate", "-f", write("big.yaml", big).toString());
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("cannot read: larger than 3 MiB"), run.err());
    }

    @Test
    void aliasBombIsDecidedWithoutExpandingIt() throws IOException {
        StringBuilder yaml = new StringBuilder("""
                apiVersion: security.istio.io/v1
                kind: AuthorizationPolicy
                metadata: {name: laughs, namespace: prod}
                x0: &a0 ["cluster.local/ns/a/sa/b"]
                """);
        // ten levels of ten aliases: 10^10 principals if expanded
        for (int level = 1; level <= 10; level++) {
            yaml.append("x").append(level).append(": &a").append(level).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(10, "*a" + (level - 1)))).append("]\n");
        }
        yaml.append("spec: {rules: [{from: [{source: {principals: *a10}}]}]}\n");
        Run run = run("validate", "-f", write("laughs.yaml", yaml.toString()).toString());
        assertTrue(run.exit() == 1 || run.exit() == 2, run.out() + run.err());
        assertTrue(run.out().length() + run.err().length() < 64 * 1024, "output stays small: " + run.out().length());
    }

    @Test
    void missingFileOptionIsAUsageError() {
        Run run = run("validate");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("Missing required option: '--filename=FILE'"), run.err());
    }
}
