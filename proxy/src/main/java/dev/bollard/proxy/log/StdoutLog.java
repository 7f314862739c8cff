package dev.bollard.proxy.log;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Log lines on an output stream (standard output in the proxy), a batch of lines in one write: the
 * container runtime reads the pipe line by line, so fewer, larger writes lose nothing and save a
 * system call per line. Synchronized, so lines written from several threads never interleave.
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
        StringBuilder text = new StringBuilder(lines.size() * 200);
        for (String line : lines) {
            text.append(line).append('\n');
        }
        try {
            out.write(text.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing the connection log", e);
        }
    }
}
