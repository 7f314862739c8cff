package dev.bollard.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {

    @Test
    void replacesTheFileByRenameSoAnOpenReaderKeepsTheOldContent(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("cert-chain.pem");
        Files.writeString(file, "old");

        try (InputStream reader = Files.newInputStream(file)) {
            AtomicFile.write(file, "new", AtomicFile.WORLD_READABLE);

            assertEquals("old", new String(reader.readAllBytes(), StandardCharsets.UTF_8), "the old file was not truncated in place");
        }
        assertEquals("new", Files.readString(file));
        assertEquals(List.of(file), entries(dir), "no temp file is left behind");
    }

    @Test
    void givesTheFileTheRequestedMode(@TempDir Path dir) throws IOException {
        AtomicFile.write(dir.resolve("key.pem"), "key", AtomicFile.OWNER_ONLY);
        AtomicFile.write(dir.resolve("root-cert.pem"), "root", AtomicFile.WORLD_READABLE);

        assertEquals(AtomicFile.OWNER_ONLY, Files.getPosixFilePermissions(dir.resolve("key.pem")));
        assertEquals(AtomicFile.WORLD_READABLE, Files.getPosixFilePermissions(dir.resolve("root-cert.pem")));
    }

    @Test
    void narrowsTheModeOfAFileThatWasReadableBefore(@TempDir Path dir) throws IOException {
        Path key = dir.resolve("key.pem");
        AtomicFile.write(key, "old key", AtomicFile.WORLD_READABLE);

        AtomicFile.write(key, "new key", AtomicFile.OWNER_ONLY);

        assertEquals(AtomicFile.OWNER_ONLY, Files.getPosixFilePermissions(key));
    }

    @Test
    void leavesNoTempFileWhenTheRenameFails(@TempDir Path dir) throws IOException {
        Path occupied = Files.createDirectory(dir.resolve("tls.crt"));
        Files.writeString(occupied.resolve("inside"), "a non-empty directory cannot be replaced");

        assertThrows(IOException.class, () -> AtomicFile.write(occupied, "cert", AtomicFile.WORLD_READABLE));

        assertEquals(List.of(occupied), entries(dir));
        assertTrue(Files.isDirectory(occupied), "the target is left as it was");
    }

    @Test
    void namesTheMissingDirectory(@TempDir Path dir) {
        Path missing = dir.resolve("not-there");

        NoSuchFileException e = assertThrows(NoSuchFileException.class,
                () -> AtomicFile.write(missing.resolve("key.pem"), "key", AtomicFile.OWNER_ONLY));

        assertTrue(e.getMessage().contains("directory " + missing + " does not exist"), e.getMessage());
    }

    private static List<Path> entries(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }
}
