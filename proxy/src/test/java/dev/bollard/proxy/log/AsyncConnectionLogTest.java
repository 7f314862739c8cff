package dev.bollard.proxy.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class AsyncConnectionLogTest {
    @Test
    void aStalledSinkDoesNotBlockTheWriterAndLinesKeepTheirOrder() throws Exception {
        CountDownLatch stalled = new CountDownLatch(1);
        List<String> written = new CopyOnWriteArrayList<>();
        try (AsyncConnectionLog log = new AsyncConnectionLog(line -> {
            try {
                stalled.await(); // a full stdout pipe: the container runtime stopped reading
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            written.add(line);
        }, 100)) {
            long start = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                log.write("line " + i);
            }
            assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(500), "write returned at once");
            stalled.countDown();
            log.close();
            assertEquals(List.of("line 0", "line 1", "line 2", "line 3", "line 4", "line 5", "line 6", "line 7", "line 8",
                    "line 9"), written);
        }
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfBlocking() throws Exception {
        CountDownLatch stalled = new CountDownLatch(1);
        List<String> written = new CopyOnWriteArrayList<>();
        try (AsyncConnectionLog log = new AsyncConnectionLog(line -> {
            try {
                stalled.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            written.add(line);
        }, 2)) {
            for (int i = 0; i < 10; i++) {
                log.write("line " + i);
            }
            stalled.countDown();
            log.close();
            assertEquals(10, written.size() + log.dropped(), written.toString());
            assertTrue(log.dropped() > 0);
        }
    }

    @Test
    void linesReachTheSinkWithoutACloseAndInBatches() throws Exception {
        List<List<String>> batches = new CopyOnWriteArrayList<>();
        CountDownLatch all = new CountDownLatch(100);
        ConnectionLog sink = new ConnectionLog() {
            @Override
            public void write(String line) {
                write(List.of(line));
            }

            @Override
            public void write(List<String> lines) {
                batches.add(List.copyOf(lines));
                lines.forEach(line -> all.countDown());
            }
        };
        try (AsyncConnectionLog log = new AsyncConnectionLog(sink, 1000)) {
            for (int i = 0; i < 100; i++) {
                log.write("line " + i);
            }
            assertTrue(all.await(5, TimeUnit.SECONDS), "every line written while the log is open");
            assertTrue(batches.size() < 100, "lines were handed over together: " + batches.size() + " batches");
            assertEquals("line 0", batches.get(0).get(0));
        }
    }
}
