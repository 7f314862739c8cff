package dev.bollard.proxy.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class StdoutLogTest {
    /** Counts the writes that reach the stream: the pipe to the container runtime sees each one. */
    static final class CountingStream extends ByteArrayOutputStream {
        final List<Integer> writes = new ArrayList<>();

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            writes.add(len);
            super.write(b, off, len);
        }
    }

    @Test
    void aBatchOfLinesIsOneWriteOfNewlineTerminatedLines() {
        CountingStream out = new CountingStream();
        new StdoutLog(out).write(List.of("first", "second", "third"));

        assertEquals("first\nsecond\nthird\n", out.toString(StandardCharsets.UTF_8));
        assertEquals(1, out.writes.size());
    }

    @Test
    void aLineOutsideAsciiIsWrittenWhole() {
        CountingStream out = new CountingStream();
        new StdoutLog(out).write(List.of("caf\u00e9 \u2713", "next"));

        assertEquals("caf\u00e9 \u2713\nnext\n", out.toString(StandardCharsets.UTF_8));
    }
}
