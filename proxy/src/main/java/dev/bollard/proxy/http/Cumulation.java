package dev.bollard.proxy.http;

import io.netty.buffer.ByteBuf;

/**
 * The bytes of a message head that arrived over several reads. A read is worked on in place when
 * nothing is pending (the common case: a head or body chunk within one read, no copy), and only
 * its unfinished rest is copied for the next read.
 */
final class Cumulation {
    private ByteBuf pending;

    /** What to work on: {@code buf} itself, or the pending bytes with {@code buf} appended (buf released). */
    ByteBuf add(ByteBuf buf) {
        if (pending == null) {
            return buf;
        }
        try {
            pending.writeBytes(buf);
        } finally {
            buf.release();
        }
        return pending;
    }

    /** Keeps the unread rest of {@code in} (from {@link #add}) for the next read, and releases the rest. */
    void keep(ByteBuf in) {
        if (in == pending) {
            if (!in.isReadable()) {
                release();
            } else {
                in.discardSomeReadBytes();
            }
            return;
        }
        if (in.isReadable()) {
            pending = in.alloc().buffer(in.readableBytes());
            pending.writeBytes(in);
        }
        in.release();
    }

    int size() {
        return pending == null ? 0 : pending.readableBytes();
    }

    /** The pending bytes, handed over to the caller (who releases them), or null. */
    ByteBuf take() {
        ByteBuf out = pending;
        pending = null;
        return out;
    }

    void release() {
        if (pending != null) {
            pending.release();
            pending = null;
        }
    }
}
