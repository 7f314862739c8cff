package dev.bollard.proxy.inbound;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;

/**
 * The first bytes a sniffing handler collects before it can decide, and its timeout: appended
 * read by read, handed over once to what follows, released on every other path.
 */
final class FirstBytes {
    private ByteBuf bytes;
    private ScheduledFuture<?> timeout;

    FirstBytes(ByteBufAllocator alloc) {
        bytes = alloc.buffer(512);
    }

    /** Runs {@code then} on {@code loop} after {@code after}, unless cancelled first. */
    void timeout(EventExecutor loop, Duration after, Runnable then) {
        timeout = loop.schedule(then, after.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Appends a read's bytes (releasing it); false, the read released, once handed over or not bytes. */
    boolean append(Object msg) {
        if (bytes == null || !(msg instanceof ByteBuf buf)) {
            ReferenceCountUtil.release(msg);
            return false;
        }
        try {
            bytes.writeBytes(buf);
        } finally {
            buf.release();
        }
        return true;
    }

    /** The bytes so far, still owned here. */
    ByteBuf view() {
        return bytes;
    }

    boolean isEmpty() {
        return bytes == null || !bytes.isReadable();
    }

    void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
    }

    /** Hands the bytes over (the caller releases them) and cancels the timeout; null when already handed over. */
    ByteBuf take() {
        cancelTimeout();
        ByteBuf out = bytes;
        bytes = null;
        return out;
    }

    void release() {
        ByteBuf out = take();
        if (out != null) {
            out.release();
        }
    }
}
