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

/**
 * No container engine is needed to know an image would build: every COPY source must exist in
 * its build context once the reactor has packaged, and the entrypoint must name what was built.
 */
class DockerfilesTest {
    private static final Path ROOT = Path.of(System.getProperty("bollard.repo.root", ".."));

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "webhook/Dockerfile, webhook, /app/quarkus-run.jar",
            "proxy/Dockerfile, proxy, dev.bollard.proxy.Main",
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
    @CsvSource({"webhook/Dockerfile", "proxy/Dockerfile", "init-iptables/Dockerfile"})
    void buildsFromThePinnedBaseAndHasNoDefaultToFallBackOn(String dockerfile) throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve(dockerfile));
        assertEquals(List.of("FROM ${BASE_IMAGE}"), lines.stream().filter(l -> l.startsWith("FROM ")).toList(), dockerfile);
        assertTrue(lines.contains("ARG BASE_IMAGE"), dockerfile + " must declare BASE_IMAGE without a default");
    }

    /** Each entry is a tag, or a tag and that tag pinned by the digest of its index (make pin-images). */
    @Test
    void baseImagesLockNamesEachTagAndAtMostItsDigest() throws IOException {
        List<String> entries = Files.readAllLines(ROOT.resolve("base-images.lock")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertEquals(1, entries.size(), "one base image: " + entries);
        for (String entry : entries) {
            String[] fields = entry.trim().split("\\s+");
            assertTrue(fields[0].matches("[a-z0-9./_-]+:[A-Za-z0-9._-]+"), "a tag: " + entry);
            assertTrue(fields.length == 1 || fields.length == 2 && fields[1].matches(java.util.regex.Pattern.quote(fields[0])
                    + "@sha256:[0-9a-f]{64}"), "the tag, then that tag @sha256:<64 hex>: " + entry);
        }
        String makefile = Files.readString(ROOT.resolve("Makefile"));
        assertEquals(3, makefile.split("build --build-arg BASE_IMAGE=\\$\\(BASE_IMAGE\\)", -1).length - 1,
                "make images passes the pinned base to all three builds");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"webhook/Dockerfile", "proxy/Dockerfile"})
    void javaImagesRunAsANonRootUser(String dockerfile) throws IOException {
        assertTrue(Files.readAllLines(ROOT.resolve(dockerfile)).stream().anyMatch(l -> l.matches("USER [1-9][0-9]*:[1-9][0-9]*")),
                dockerfile + " must set a numeric non-root USER (runAsNonRoot checks it)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"dev.bollard.webhook.cli.BollardCli", "dev.bollard.iptables.Main"}) // the proxy's Main: see proxyImageRunsARealCliSubcommand
    void entrypointClassesAreBuilt(String className) throws ClassNotFoundException {
        Class.forName(className).getName();
    }

    @Test
    void proxyImageRunsTheUidInitIptablesExempts() throws IOException {
        assertTrue(Files.readAllLines(ROOT.resolve("proxy/Dockerfile")).contains("USER 1337:1337"),
                "the sidecar must run as the proxy UID init-iptables exempts from capture");
    }

    @Test
    void proxyImageHoldsOnlyTheProxyClasspath() throws IOException {
        List<String> copies = Files.readAllLines(ROOT.resolve("proxy/Dockerfile")).stream().filter(l -> l.startsWith("COPY ")).toList();
        assertTrue(copies.stream().noneMatch(l -> l.contains("quarkus") || l.contains("webhook")), copies.toString());
    }

    /** The image's CMD is a real subcommand of the proxy's Main, run from the packaged proxy classpath. */
    @Test
    void proxyImageRunsARealCliSubcommand() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("proxy/Dockerfile"));
        String cmd = lines.stream().filter(l -> l.startsWith("CMD ")).findFirst().orElseThrow();
        List<String> words = new ArrayList<>(java.util.Arrays.stream(cmd.substring(4).replaceAll("[\\[\\]\"]", "").split(","))
                .map(String::trim).toList());
        List<String> command = new ArrayList<>(List.of(Repo.bin("bollard").toString()));
        command.addAll(words);
        command.add("--help");
        Processes.Result help = Processes.run(command, null, 60);
        assertEquals(0, help.exitCode(), "bin/bollard " + words + " --help: " + help.stderr());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("ENTRYPOINT ") && l.contains("@/app/jvm.options")),
                "the image must read the JVM options bin/bollard proxy reads (proxy/jvm.options)");
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
