package dev.bollard.proxy.log;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Log lines on an output stream (standard output in the proxy), a batch of lines in one write: the
 * container runtime reads the pipe line by line, so fewer, larger writes lose nothing and save a
 * system call per line. Lines are ASCII ({@link ConnectionLogFormat} escapes everything else).
 * Synchronized, so lines written from several threads never interleave.
 */
final class StdoutLog implements ConnectionLog {
    private final OutputStream out;

    StdoutLog(OutputStream out) {
        this.out = out;
    }

    @Override
    public void write(String line) {
        write(List.of(line));
    }

    @Override
    public synchronized void write(List<String> lines) {
        int size = 0;
        for (String line : lines) {
            size += line.length() + 1;
        }
        byte[] bytes = new byte[size];
        int at = 0;
        for (String line : lines) {
            byte[] encoded = line.getBytes(StandardCharsets.UTF_8);
            if (encoded.length != line.length()) { // not ASCII after all: size the rest again
                bytes = grow(bytes, at, encoded.length - line.length());
            }
            System.arraycopy(encoded, 0, bytes, at, encoded.length);
            at += encoded.length;
            bytes[at++] = '\n';
        }
        try {
            out.write(bytes, 0, at);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing the connection log", e);
        }
    }

    private static byte[] grow(byte[] bytes, int used, int extra) {
        byte[] larger = new byte[bytes.length + extra];
        System.arraycopy(bytes, 0, larger, 0, used);
        return larger;
    }
}
