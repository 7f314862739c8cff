package dev.bollard.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/** tcpdump writing every TCP packet on one interface to a pcap file, read back by {@link Pcap}. */
final class Capture implements AutoCloseable {
    private final Process process;
    private final Path file;
    private final Path stderr;

    private Capture(Process process, Path file, Path stderr) {
        this.process = process;
        this.file = file;
        this.stderr = stderr;
    }

    /** Returns once tcpdump says it is listening, so no packet sent afterwards is missed. */
    static Capture start(Netns ns, String iface, Path file) {
        Path stderr = file.resolveSibling(file.getFileName() + ".stderr");
        try {
            // --immediate-mode: libpcap's TPACKET_V3 ring otherwise hands packets over in blocks,
            // and the last block is lost when tcpdump stops; -U: write each packet at once;
            // -Z root: keep writing to a root-owned directory
            Process p = ns.builder("tcpdump", "-i", iface, "--immediate-mode", "-nn", "-s", "0", "-U", "-Z", "root",
                            "-w", file.toString(), "tcp")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(stderr.toFile()).start();
            Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
            while (!Files.readString(stderr).contains("listening on")) {
                if (!p.isAlive() || Instant.now().isAfter(deadline)) {
                    p.destroyForcibly();
                    throw new AssertionError("tcpdump on " + iface + " did not start: " + Files.readString(stderr));
                }
                MeshControlPlane.sleep(50);
            }
            return new Capture(p, file, stderr);
        } catch (IOException e) {
            throw new UncheckedIOException("start tcpdump on " + iface, e);
        }
    }

    /** Stops tcpdump (it flushes on SIGTERM) and parses what it wrote. */
    Pcap stop() {
        close();
        try {
            return Pcap.parse(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("read capture " + file, e);
        }
    }

    Path file() {
        return file;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            Processes.stop(process);
        }
    }
}
