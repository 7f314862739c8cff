package dev.bollard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Golden files under one directory: compare, or rewrite with {@code -Dgolden.update=true}
 * ({@code make update-golden}). A golden file that no case used fails {@link #assertAllUsed()}.
 */
public final class Golden {
    private final Path dir;
    private final Set<String> used = ConcurrentHashMap.newKeySet();

    public Golden(Path dir) {
        this.dir = dir;
    }

    public static boolean updating() {
        return Boolean.getBoolean("golden.update");
    }

    public void assertMatches(String name, String actual) {
        used.add(name);
        Path file = dir.resolve(name);
        try {
            if (updating()) {
                Files.createDirectories(dir);
                Files.writeString(file, actual);
                return;
            }
            if (!Files.exists(file)) {
                throw new AssertionError("golden file " + file + " is missing; run `make update-golden` and review it");
            }
            assertEquals(Files.readString(file), actual, "differs from golden file " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("golden file " + file, e);
        }
    }

    public void assertAllUsed() {
        try (Stream<Path> files = Files.list(dir)) {
            Set<String> unused = new TreeSet<>();
            files.map(f -> f.getFileName().toString()).filter(n -> !used.contains(n)).forEach(unused::add);
            if (updating()) {
                for (String name : unused) {
                    Files.delete(dir.resolve(name));
                }
                return;
            }
            assertEquals(Set.of(), unused, "golden files no case uses (delete them or run `make update-golden`)");
        } catch (IOException e) {
            throw new UncheckedIOException("list golden files in " + dir, e);
        }
    }
}
