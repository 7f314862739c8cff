package dev.bollard.webhook.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** Shared fixtures live under the repository root, which the Maven profile passes in. */
final class RepoRoot {
    static final String PROPERTY = "bollard.repo.root";

    private RepoRoot() {
    }

    static Path path() {
        String root = System.getProperty(PROPERTY);
        if (root == null || root.isBlank()) {
            throw new IllegalStateException("system property " + PROPERTY + " is not set; run the benchmarks with `make bench`");
        }
        return Path.of(root);
    }

    static Path resolve(String relative) {
        Path file = path().resolve(relative);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("benchmark fixture " + file + " is missing");
        }
        return file;
    }
}
