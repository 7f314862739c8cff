package dev.bollard.webhook.mesh;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

/**
 * The mesh model of {@code make run}: every {@code *.yaml} / {@code *.yml} in a directory, read
 * again on each {@link #poll()}. A file that does not parse is logged once per change (one line
 * naming the file and the reason) and its last good content stays; a deleted file drops its objects.
 * Polling, not a WatchService: it sees edits made through bind mounts and editors' rename dances
 * alike, and a directory of a few small files costs nothing to re-read.
 */
public class FileMeshSource {
    private static final Logger LOG = Logger.getLogger(FileMeshSource.class);

    private final Path dir;
    private final MeshModel model;
    private final Map<Path, String> seen = new HashMap<>();
    private final Map<Path, MeshObjectsSet> good = new TreeMap<>();
    private boolean reportedMissing;

    /** A dev mesh file is a few KiB; a bigger one is refused before it is read, not held in memory every poll. */
    static final long MAX_FILE_BYTES = 4L << 20;

    public FileMeshSource(Path dir, MeshModel model) {
        this.dir = dir;
        this.model = model;
    }

    /** Reads what changed and publishes the union of every file's last good content. */
    public synchronized void poll() {
        List<Path> files = list();
        seen.keySet().retainAll(files);
        good.keySet().retainAll(files);
        for (Path file : files) {
            String text;
            try {
                long size = Files.size(file);
                if (size > MAX_FILE_BYTES) {
                    // remembered as its size, so the warning is logged once per change, not every poll
                    refuse(file, "size " + size, size + " bytes, more than " + MAX_FILE_BYTES);
                    continue;
                }
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (CharacterCodingException e) {
                refuse(file, "not UTF-8", "not UTF-8 text");
                continue;
            } catch (IOException e) {
                continue; // deleted between list and read, or unreadable for a moment: the next poll decides
            }
            if (text.equals(seen.put(file, text))) {
                continue;
            }
            try {
                good.put(file, MeshDocuments.parse(text));
            } catch (RuntimeException e) { // IllegalArgumentException names the document; anything else is still this file's fault
                LOG.warnf("mesh file %s ignored: %s (keeping its last good content)", file, e.getMessage());
            }
        }
        model.publish(MeshObjectsSet.union(good.values()));
    }

    /** Logs once (until the file changes) why a file is not read; its last good content stays. */
    private void refuse(Path file, String marker, String reason) {
        String token = "\u0000" + marker; // never equal to a file's text
        if (!token.equals(seen.put(file, token))) {
            LOG.warnf("mesh file %s ignored: %s (keeping its last good content)", file, reason);
        }
    }

    private List<Path> list() {
        if (!Files.isDirectory(dir)) {
            if (!reportedMissing) {
                LOG.infof("mesh directory %s does not exist; the mesh is empty until it does", dir);
                reportedMissing = true;
            }
            return List.of();
        }
        reportedMissing = false;
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(FileMeshSource::isMeshFile).sorted().toList();
        } catch (IOException e) {
            LOG.warnf("cannot list mesh directory %s: %s", dir, e.getMessage());
            return List.copyOf(good.keySet());
        }
    }

    static boolean isMeshFile(Path path) {
        String name = path.getFileName().toString();
        return (name.endsWith(".yaml") || name.endsWith(".yml")) && !name.startsWith(".") && Files.isRegularFile(path);
    }
}
