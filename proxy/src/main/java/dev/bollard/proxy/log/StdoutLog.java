package dev.bollard.proxy.log;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Log lines on an output stream (standard output in the proxy), a batch of lines in one write: the
 * container runtime reads the pipe line by line, so fewer, larger writes lose nothing and save a
 * system call per line. Synchronized, so lines written from several threads never interleave.
 */
final class StdoutLog implements ConnectionLog {
    /** A batch's bytes are gathered here; grown for a large batch, kept for the next one. */
    private static final int INITIAL_BUFFER = 16 * 1024;
    private final OutputStream out;
    private byte[] buffer = new byte[INITIAL_BUFFER];

    StdoutLog(OutputStream out) {
        this.out = out;
    }

    @Override
    public void write(String line) {
        write(List.of(line));
    }

    @Override
    public synchronized void write(List<String> lines) {
        int length = 0;
        for (String line : lines) {
            // lines are ASCII by construction (escaped), so this is one copy; UTF-8 all the same
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            if (length + bytes.length + 1 > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + bytes.length + 1));
            }
            System.arraycopy(bytes, 0, buffer, length, bytes.length);
            length += bytes.length;
            buffer[length++] = '\n';
        }
        try {
            out.write(buffer, 0, length);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing the connection log", e);
        } finally {
            if (buffer.length > INITIAL_BUFFER * 8) {
                buffer = new byte[INITIAL_BUFFER]; // one burst does not keep a large buffer for good
            }
        }
    }
}
