package dev.bollard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.bollard.webhook.cli.BollardCli;
import picocli.CommandLine;

/**
 * No container engine is needed to know an image would build: every COPY source must exist in
 * its build context once the reactor has packaged, and the entrypoint must name what was built.
 */
class DockerfilesTest {
    private static final Path ROOT = Path.of(System.getProperty("bollard.repo.root", "../.."));

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "webhook/Dockerfile, webhook, /app/quarkus-run.jar",
            "webhook/Dockerfile.agent, webhook, dev.bollard.webhook.cli.BollardCli",
            "init-iptables/Dockerfile, init-iptables, /app/init-iptables.jar"})
    void everyCopySourceExistsInTheBuildContext(String dockerfile, String context, String entrypointNames) throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve(dockerfile));
        List<String> copies = lines.stream().filter(l -> l.startsWith("COPY ")).toList();
        assertFalse(copies.isEmpty(), dockerfile + " copies nothing");
        for (String copy : copies) {
            String[] parts = copy.substring("COPY ".length()).trim().split("\\s+");
            for (int i = 0; i < parts.length - 1; i++) {
                if (!parts[i].startsWith("--")) {
                    assertEquals(1, matches(ROOT.resolve(context), parts[i]).size(),
                            dockerfile + ": COPY source " + parts[i] + " must match exactly one path (run the package phase first)");
                }
            }
        }
        String entrypoint = lines.stream().filter(l -> l.startsWith("ENTRYPOINT ")).findFirst().orElseThrow();
        assertTrue(entrypoint.contains(entrypointNames), entrypoint);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"webhook/Dockerfile", "webhook/Dockerfile.agent"})
    void javaImagesRunAsANonRootUser(String dockerfile) throws IOException {
        assertTrue(Files.readAllLines(ROOT.resolve(dockerfile)).stream().anyMatch(l -> l.matches("USER [1-9][0-9]*:[1-9][0-9]*")),
                dockerfile + " must set a numeric non-root USER (runAsNonRoot checks it)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"dev.bollard.webhook.cli.BollardCli", "dev.bollard.iptables.Main"})
    void entrypointClassesAreBuilt(String className) throws ClassNotFoundException {
        Class.forName(className).getName();
    }

    @Test
    void agentImageRunsARealCliSubcommand() throws IOException {
        String cmd = Files.readAllLines(ROOT.resolve("webhook/Dockerfile.agent")).stream().filter(l -> l.startsWith("CMD "))
                .findFirst().orElseThrow();
        List<String> words = java.util.Arrays.stream(cmd.substring(4).replaceAll("[\\[\\]\"]", "").split(","))
                .map(String::trim).toList();
        CommandLine command = new CommandLine(new BollardCli());
        for (String word : words) {
            command = command.getSubcommands().get(word);
            assertTrue(command != null, "bollard has no subcommand path " + words);
        }
    }

    private static List<Path> matches(Path context, String pattern) throws IOException {
        String clean = pattern.endsWith("/") ? pattern.substring(0, pattern.length() - 1) : pattern;
        if (!clean.contains("*")) {
            return Files.exists(context.resolve(clean)) ? List.of(context.resolve(clean)) : List.of();
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + clean);
        Path parent = context.resolve(clean).getParent();
        List<Path> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(parent)) {
            files.filter(p -> matcher.matches(context.relativize(p))).forEach(out::add);
        }
        return out;
    }
}
