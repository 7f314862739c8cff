package dev.bollard.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The real kubectl, offline: applies a JSON Patch exactly as the API server's library would. */
public final class Kubectl {
    private Kubectl() {
    }

    /** {@code kubectl patch --local --type=json -f pod.json -p PATCH -o FORMAT}. */
    public static String patchLocal(String podJson, String patch, String format) {
        try {
            Path file = Files.createTempFile("bollard-pod", ".json");
            try {
                Files.writeString(file, podJson);
                return Processes.run(List.of("kubectl", "patch", "--local", "--type=json", "-f", file.toString(),
                        "-p", patch, "-o", format), null, 60).requireSuccess("kubectl patch --local").stdout();
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("temp file for kubectl", e);
        }
    }
}
