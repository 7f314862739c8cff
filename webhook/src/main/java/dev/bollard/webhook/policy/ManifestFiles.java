package dev.bollard.webhook.policy;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The manifest inputs of the offline commands: a file, or {@code -} for standard input. */
public final class ManifestFiles {
    public static final String STDIN = "-";
    /** Inputs above the API server's 3 MiB request limit could never be applied; refusing them bounds parse time. */
    static final int MAX_BYTES = 3 * 1024 * 1024;

    private ManifestFiles() {
    }

    /** How messages name the input: the path, or {@code <stdin>}. */
    public static String label(String file) {
        return STDIN.equals(file) ? "<stdin>" : file;
    }

    /** @throws IOException with a message fit to follow "FILE: cannot read: " */
    public static String read(String file) throws IOException {
        try (InputStream in = open(file)) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new IOException("larger than 3 MiB, the API server's limit for one request");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException("no such file", e);
        }
    }

    private static InputStream open(String file) throws IOException {
        // stdin is not ours to close
        return STDIN.equals(file) ? new FilterInputStream(System.in) {
            @Override
            public void close() {
            }
        } : Files.newInputStream(Path.of(file));
    }
}
