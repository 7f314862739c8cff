package dev.bollard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The root pom's version is the one version source. What cannot be derived from it (the
 * manifests kubectl applies as they are, the image tags in values, goldens and fixtures, the CLIs'
 * {@code --version}) must say the same release, so a version bump that misses one fails here,
 * naming the file and line.
 */
class ReleaseVersionTest {
    private static final Pattern POM_VERSION = Pattern.compile("<version>([^<]+)</version>");
    private static final List<Pattern> RELEASE_LITERALS = List.of(
            Pattern.compile("ghcr\\.io/bollard/[a-z-]+:([0-9][^\\s\"'@]*)"),
            Pattern.compile("newTag: *([0-9]\\S*)"),
            Pattern.compile("version = \"bollard ([^\"]+)\""));
    private static final Set<String> SKIPPED_DIRECTORIES = Set.of(".git", "target", ".bollard-dev");

    static String release() throws IOException {
        Matcher first = POM_VERSION.matcher(Files.readString(Repo.root().resolve("pom.xml")));
        assertTrue(first.find(), "the root pom names no <version>");
        return first.group(1).replaceFirst("-SNAPSHOT$", "");
    }

    @Test
    void everyReleaseLiteralIsThePomsVersion() throws IOException {
        String release = release();
        List<String> found = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        for (Path file : sourceFiles()) {
            List<String> lines = lines(file);
            for (int i = 0; i < lines.size(); i++) {
                for (Pattern literal : RELEASE_LITERALS) {
                    Matcher m = literal.matcher(lines.get(i));
                    while (m.find()) {
                        String where = Repo.root().relativize(file) + ":" + (i + 1) + ": " + m.group();
                        found.add(where);
                        if (!m.group(1).equals(release)) {
                            wrong.add(where);
                        }
                    }
                }
            }
        }
        assertTrue(found.size() > 5, () -> "the scan found too few release literals to be looking in the right place: " + found);
        assertEquals(List.of(), wrong, "these name a release other than the root pom's " + release);
    }

    /** Every file of the checkout but build output and version control. */
    private static List<Path> sourceFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        Files.walkFileTree(Repo.root(), new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return SKIPPED_DIRECTORIES.contains(dir.getFileName().toString()) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    files.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return files;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (MalformedInputException binary) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
