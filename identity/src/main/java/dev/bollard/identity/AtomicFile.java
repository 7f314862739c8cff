package dev.bollard.identity;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Replaces a file so that a reader sees the old content or the new, never half of either: keys,
 * certificates and the mesh files a watcher reloads. The content goes to a temp file in the same
 * directory (a rename is atomic only within one filesystem), is fsynced, gets its final mode and
 * is renamed over the target.
 */
public final class AtomicFile {
    /** 0600: private keys, and files only this process reads. */
    public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    /** 0644: certificates and other files other users or containers read. */
    public static final Set<PosixFilePermission> WORLD_READABLE = PosixFilePermissions.fromString("rw-r--r--");

    private AtomicFile() {
    }

    /** As {@link #write(Path, byte[], Set)}, for text (PEM, YAML) in UTF-8. */
    public static void write(Path target, CharSequence content, Set<PosixFilePermission> mode) throws IOException {
        write(target, content.toString().getBytes(StandardCharsets.UTF_8), mode);
    }

    /**
     * Replaces {@code target} with {@code content}, {@code mode} from the moment it is visible.
     * The directory must exist: creating it is the caller's decision. On failure the temp file is
     * removed and {@code target} is left as it was.
     */
    public static void write(Path target, byte[] content, Set<PosixFilePermission> mode) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(target.toString(), null, "directory " + dir + " does not exist");
        }
        // dot-prefixed and ending in .tmp, so readers that glob *.pem or *.yaml never pick it up
        // half-written; created 0600 so not even a key's temp file is ever readable by others
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp",
                PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(content);
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                out.force(true);
            }
            Files.setPosixFilePermissions(tmp, mode);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Makes renames into {@code dir} durable across a node crash; best effort, since not every
     * filesystem lets a directory be opened (the renames themselves are atomic either way).
     */
    public static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // nothing to do: durability is lost, atomicity is not
        }
    }
}
