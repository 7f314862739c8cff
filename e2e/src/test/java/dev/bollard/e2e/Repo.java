package dev.bollard.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths of the checkout the tests run in (surefire passes the reactor root). */
public final class Repo {
    private Repo() {
    }

    public static Path root() {
        String root = System.getProperty("bollard.repo.root");
        Path path = root == null ? Path.of("").toAbsolutePath() : Path.of(root);
        if (!Files.isDirectory(path.resolve("bin"))) {
            throw new IllegalStateException("repository root not found (bollard.repo.root=" + root + ")");
        }
        return path;
    }

    public static Path bin(String launcher) {
        return root().resolve("bin").resolve(launcher);
    }

    /** Test resources in their source location, where golden updates are written. */
    public static Path testResources() {
        return root().resolve("e2e/src/test/resources");
    }
}
