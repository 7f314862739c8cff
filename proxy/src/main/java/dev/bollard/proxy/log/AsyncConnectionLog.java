package dev.bollard.proxy.log;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Logger;

/**
 * Hands connection log lines from the event loops to one writer thread, so that a sink that blocks
 * (stdout is a pipe to the container runtime, and a full pipe blocks a write) never stalls
 * the data plane. Bounded: when {@code capacity} lines wait, further lines are dropped and counted
 * (a warning on stderr says how many), as Envoy's access log does rather than stall traffic.
 * Lines keep their order.
 * <p>
 * The writer is never woken per line: it sleeps {@value #FLUSH_MILLIS} ms whenever the queue is
 * empty and then hands the sink everything that waits, in one {@link ConnectionLog#write(List)}
 * (stdout: one write call). Waking it for each line cost the event loop a futex call and the writer
 * a context switch and a write per request (Envoy buffers its access log too, flushing every second).
 */
public final class AsyncConnectionLog implements ConnectionLog, AutoCloseable {
    /** Lines that may wait for the sink; at about 200 bytes a line, 2 MB at most. */
    public static final int DEFAULT_CAPACITY = 10_000;
    /** The longest a line waits for the writer when the sink keeps up. */
    static final long FLUSH_MILLIS = 10;
    /** Lines handed to the sink at once, at most (about 100 KB). */
    private static final int BATCH = 512;
    private static final Logger LOG = Logger.getLogger(AsyncConnectionLog.class.getName());
    private static final long DRAIN_MILLIS = 2_000;

    private final ConnectionLog sink;
    private final BlockingQueue<String> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;
    private volatile boolean closed;

    public AsyncConnectionLog(ConnectionLog sink, int capacity) {
        this.sink = sink;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.writer = new Thread(this::drain, "connection-log");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void write(String line) {
        if (!queue.offer(line)) {
            dropped.incrementAndGet();
        }
    }

    /** Lines dropped so far because the sink fell behind. */
    public long dropped() {
        return dropped.get();
    }

    private void drain() {
        long reported = 0;
        List<String> batch = new ArrayList<>(BATCH);
        while (!closed || !queue.isEmpty()) {
            if (queue.drainTo(batch, BATCH) == 0) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(FLUSH_MILLIS));
                if (Thread.interrupted()) {
                    return;
                }
                continue;
            }
            try {
                sink.write(batch);
            } catch (RuntimeException e) {
                LOG.warning("connection log: writing " + batch.size() + " line(s) failed: " + e);
            }
            batch.clear();
            long now = dropped.get();
            if (now != reported && queue.isEmpty()) {
                LOG.warning("connection log: " + (now - reported) + " line(s) dropped, the log sink did not keep up");
                reported = now;
            }
        }
    }

    /** Writes what is queued (for up to 2 s), then stops the writer thread. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(writer);
        try {
            writer.join(DRAIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.interrupt();
    }
}
