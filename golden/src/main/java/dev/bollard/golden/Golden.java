package dev.bollard.golden;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.opentest4j.AssertionFailedError;

/**
 * The golden files of one case directory, the one helper every golden test uses.
 * <ul>
 * <li>{@link #assertMatches} compares an output with its golden file and fails with the changed lines;</li>
 * <li>with {@code -Dgolden.update=true} ({@code make update-golden}, as Istio's {@code REFRESH_GOLDEN}) it
 * rewrites instead, safely: only a file that differs, atomically (a temporary file moved over it, so an
 * interrupted run leaves the old or the new text, never half of one), never deleting one, and printing
 * each file it rewrote for the reviewer;</li>
 * <li>{@link #assertAllUsed} fails naming each golden file that no case of the run used, even when
 * updating (a stale file is for a person to delete, not for the build).</li>
 * </ul>
 * A directory that holds the cases' inputs too names its golden files by their suffix.
 */
public final class Golden {
    private final Path dir;
    private final String suffix;
    private final boolean updating;
    private final Set<String> used = ConcurrentHashMap.newKeySet();
    private final List<Path> rewritten = new CopyOnWriteArrayList<>();

    private Golden(Path dir, String suffix, boolean updating) {
        this.dir = dir;
        this.suffix = suffix;
        this.updating = updating;
    }

    /** Every file in {@code dir} is a golden file. */
    public static Golden in(Path dir) {
        return in(dir, "");
    }

    /** The files in {@code dir} whose name ends with {@code suffix} are golden files; the others are inputs. */
    public static Golden in(Path dir, String suffix) {
        return new Golden(dir, suffix, updating());
    }

    /** Whether this run rewrites golden files ({@code -Dgolden.update=true}). */
    public static boolean updating() {
        return Boolean.getBoolean("golden.update");
    }

    /** A helper whose update mode is set here, not by the system property: the helper's own tests. */
    static Golden in(Path dir, String suffix, boolean updating) {
        return new Golden(dir, suffix, updating);
    }

    public Path dir() {
        return dir;
    }

    /** The golden file {@code name} (relative to the directory) holds exactly {@code actual}, or is rewritten to. */
    public void assertMatches(String name, String actual) {
        Path file = file(name);
        String expected = read(file);
        if (actual.equals(expected)) {
            return;
        }
        if (updating) {
            write(file, actual);
            return;
        }
        if (expected == null) {
            throw new AssertionError("golden file " + file + " is missing; `make update-golden` writes it (review it)");
        }
        throw new AssertionFailedError("golden file " + file + " differs from the output (`make update-golden` rewrites it; "
                + "review the diff):\n" + LineDiff.of(expected, actual), expected, actual);
    }

    /**
     * The golden file {@code name} says what {@code actual} says once both are put in {@code canonical}
     * form (parsed and re-rendered, say): for an output that is another tool's golden file in another
     * format. Fails with the changed lines of the canonical forms; never writes, even when updating (the
     * file's own test rewrites it).
     */
    public void assertEquivalent(String name, String actual, UnaryOperator<String> canonical) {
        String expected = canonical.apply(expected(name));
        String now = canonical.apply(actual);
        if (!expected.equals(now)) {
            throw new AssertionFailedError("golden file " + dir.resolve(name) + " differs from the output, compared in canonical "
                    + "form:\n" + LineDiff.of(expected, now), expected, now);
        }
    }

    /**
     * The text of the golden file {@code name}, for a test that compares it its own way (parsed, say); it
     * counts as used. A missing file fails.
     */
    public String expected(String name) {
        Path file = file(name);
        String text = read(file);
        if (text == null) {
            throw new AssertionError("golden file " + file + " is missing");
        }
        return text;
    }

    /** Records a golden file as used by a case that did not need to compare it (a case that cannot run here). */
    public void markUsed(String name) {
        used.add(name);
    }

    /**
     * Every golden file in the directory was used by some case. Skipped when no case used any (a run
     * filtered to other tests says nothing about the files).
     */
    public void assertAllUsed() {
        if (used.isEmpty()) {
            return;
        }
        Set<String> orphans = new TreeSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(Files::isRegularFile).map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(suffix) && !used.contains(n)).forEach(orphans::add);
        } catch (IOException e) {
            throw new UncheckedIOException("list golden files in " + dir, e);
        }
        if (!orphans.isEmpty()) {
            throw new AssertionError("golden files in " + dir + " that no case used (delete them, or restore their case): "
                    + String.join(", ", orphans));
        }
    }

    /** The files this run rewrote, in order. */
    public List<Path> rewritten() {
        return List.copyOf(rewritten);
    }

    private Path file(String name) {
        used.add(name);
        return dir.resolve(name);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : null;
        } catch (IOException e) {
            throw new UncheckedIOException("read golden file " + file, e);
        }
    }

    private void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
            try {
                Files.writeString(temp, text, StandardCharsets.UTF_8);
                try {
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("rewrite golden file " + file, e);
        }
        rewritten.add(file);
        System.out.println("golden: rewrote " + file);
    }
}
